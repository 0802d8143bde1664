"""User centre pages: profile, addresses (ownership), password change and reset."""

import re

import pytest
from django.core import mail

from shopkit.accounts.models import Address
from tests.fixtures.accounts import PASSWORD, mailed_code

pytestmark = pytest.mark.django_db

#: The address form as posted: 北京市 → 市辖区 → 海淀区, then the street.
ADDRESS = {
    "receiver": "张三",
    "province_code": "110000",
    "city_code": "110100",
    "district_code": "110108",
    "street": "中关村大街 1 号",
    "receiver_mobile": "13612345678",
    "postcode": "100080",
    "tag": "家",
}
#: A row as an older version saved it: free text only.
SAVED = {
    "receiver": "张三",
    "address": "北京市海淀区",
    "receiver_mobile": "13612345678",
    "postcode": "100080",
    "tag": "家",
}
NEW_PASSWORD = "n3w-Passw0rd!"


@pytest.fixture
def logged_in(client, alice):
    client.force_login(alice)
    return client


def test_centre_pages_need_login(client, db):
    for path in ("/user/", "/user/address/", "/user/password/", "/user/address/1/"):
        assert client.get(path)["Location"] == f"/user/login/?next={path}"


def test_profile_shows_default_address_and_an_honest_empty_history(logged_in, alice):
    page = logged_in.get("/user/").content.decode()
    assert "13800000001" in page and "您还没有浏览过商品。" in page
    Address.objects.create(user=alice, is_default=True, **SAVED)
    assert "北京市海淀区" in logged_in.get("/user/").content.decode()


def test_address_pages_add_edit_default_delete(logged_in, alice):
    logged_in.post("/user/address/", ADDRESS)
    logged_in.post("/user/address/", {**ADDRESS, "receiver": "李四"})
    first, second = Address.objects.order_by("pk")
    assert (first.is_default, second.is_default) == (True, False)
    logged_in.post(f"/user/address/{second.pk}/default/")
    first.refresh_from_db()
    assert not first.is_default
    logged_in.post(f"/user/address/{first.pk}/", {**ADDRESS, "receiver": "王五"})
    first.refresh_from_db()
    assert first.receiver == "王五"
    logged_in.post(f"/user/address/{second.pk}/delete/")
    first.refresh_from_db()
    assert first.is_default and Address.objects.alive().count() == 1


def test_bad_address_keeps_the_input(logged_in):
    response = logged_in.post("/user/address/", {**ADDRESS, "receiver_mobile": "123"})
    assert response.context["form"].errors["receiver_mobile"]
    assert 'value="中关村大街 1 号"' in response.content.decode()
    assert not Address.objects.exists()


def test_another_shoppers_address_is_a_404_and_untouched(logged_in, bob):
    theirs = Address.objects.create(user=bob, is_default=True, **SAVED)
    assert logged_in.get(f"/user/address/{theirs.pk}/").status_code == 404
    assert logged_in.post(f"/user/address/{theirs.pk}/", ADDRESS).status_code == 404
    assert logged_in.post(f"/user/address/{theirs.pk}/delete/").status_code == 404
    assert logged_in.post(f"/user/address/{theirs.pk}/default/").status_code == 404
    assert "张三" not in logged_in.get("/user/address/").content.decode()
    theirs.refresh_from_db()
    assert (theirs.is_deleted, theirs.is_default) == (False, True)


def test_password_change_keeps_the_session(logged_in, alice):
    wrong = logged_in.post(
        "/user/password/",
        {"old_password": "bad", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.context["form"].errors["old_password"]
    done = logged_in.post(
        "/user/password/",
        {"old_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/user/"
    assert logged_in.get("/user/").status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_password_reset_pages(client, alice, django_capture_on_commit_callbacks):
    assert client.get("/user/password/reset/new/")["Location"] == "/user/password/reset/"
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after commit
        sent = client.post("/user/password/reset/", {"email": "alice@example.com"})
    assert sent["Location"] == "/user/password/reset/verify/" and len(mail.outbox) == 1
    assert client.post("/user/password/reset/verify/", {"code": "abc"}).context["form"].errors
    code = mailed_code()
    assert client.post("/user/password/reset/verify/", {"code": code})["Location"] == (
        "/user/password/reset/new/"
    )
    done = client.post(
        "/user/password/reset/new/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done["Location"] == "/user/login/"
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    again = client.post("/user/password/reset/verify/", {"code": code})
    assert again["Location"] == "/user/password/reset/"


def test_the_divisions_json_lists_children_for_the_selects_and_may_be_cached(client, db):
    response = client.get("/user/address/divisions/?parent=440100")
    assert response.status_code == 200
    assert {"code": "440106", "name": "天河区"} in response.json()["divisions"]
    assert "max-age=86400" in response["Cache-Control"]
    assert len(client.get("/user/address/divisions/").json()["divisions"]) == 34
    assert client.get("/user/address/divisions/?parent=441900").json() == {"divisions": []}
    assert client.get("/user/address/divisions/?parent=123456").status_code == 404


def options(page, name):
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\d+)"', select)


def test_without_script_the_show_button_brings_the_next_list_and_saves_nothing(logged_in):
    chosen = {**ADDRESS, "city_code": "", "district_code": "", "show_divisions": "1"}
    response = logged_in.post("/user/address/", chosen)
    page = response.content.decode()
    assert "110100" in options(page, "city_code") and options(page, "district_code") == []
    assert not response.context["form"].is_bound  # shown again, not judged
    assert "field-error" not in page
    assert not Address.objects.exists()
    chosen["city_code"] = "110100"
    page = logged_in.post("/user/address/", chosen).content.decode()
    assert "110108" in options(page, "district_code")


def test_without_script_a_submit_too_early_names_the_missing_level_and_lists_it(logged_in):
    response = logged_in.post("/user/address/", {**ADDRESS, "city_code": "", "district_code": ""})
    assert response.context["form"].errors["city_code"] == ["请选择城市。"]
    assert "110100" in options(response.content.decode(), "city_code")
    assert not Address.objects.exists()


def test_a_district_of_another_city_is_refused_on_its_select(logged_in):
    response = logged_in.post("/user/address/", {**ADDRESS, "district_code": "440106"})
    assert response.context["form"].errors["district_code"] == ["天河区不属于市辖区。"]
    assert not Address.objects.exists()


def test_a_city_without_districts_hides_the_district_select(logged_in):
    dongguan = {**ADDRESS, "province_code": "440000", "city_code": "441900", "district_code": ""}
    page = logged_in.post("/user/address/", {**dongguan, "show_divisions": "1"}).content.decode()
    assert re.search(r'<div class="form-row" hidden>\s*<label for="id_district_code">', page)
    logged_in.post("/user/address/", dongguan)
    saved = Address.objects.get()
    assert (saved.address, saved.district_code) == ("广东省东莞市中关村大街 1 号", "")


def test_the_list_shows_the_whole_line_and_editing_keeps_the_choices(logged_in):
    logged_in.post("/user/address/", ADDRESS)
    saved = Address.objects.get()
    assert "北京市海淀区中关村大街 1 号" in logged_in.get("/user/address/").content.decode()
    page = logged_in.get(f"/user/address/{saved.pk}/").content.decode()
    assert '<option value="110108" selected>海淀区</option>' in page
    assert 'value="中关村大街 1 号"' in page


def test_editing_a_free_text_address_offers_its_line_as_the_street(logged_in, alice):
    saved = Address.objects.create(user=alice, is_default=True, **{**SAVED, "address": "幸福小区"})
    form = logged_in.get(f"/user/address/{saved.pk}/").context["form"]
    assert form["street"].value() == "幸福小区" and not form["province_code"].value()
