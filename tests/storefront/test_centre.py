"""User centre pages: profile, addresses (ownership), password change and reset."""

import pytest
from django.core import mail

from shopkit.accounts.models import Address
from tests.fixtures.accounts import PASSWORD, mailed_code

pytestmark = pytest.mark.django_db

ADDRESS = {
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
    Address.objects.create(user=alice, is_default=True, **ADDRESS)
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
    assert 'value="北京市海淀区"' in response.content.decode()
    assert not Address.objects.exists()


def test_another_shoppers_address_is_a_404_and_untouched(logged_in, bob):
    theirs = Address.objects.create(user=bob, is_default=True, **ADDRESS)
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
