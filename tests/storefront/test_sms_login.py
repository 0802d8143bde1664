"""The 短信登录 page (``/user/login/sms/``) and binding a number (``/user/phone/``):
shown only where a provider can send codes, codes through the SMS seam."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.utils import timezone

from shopkit.accounts.models import Shopper
from shopkit.cart import services as cart_services
from tests.fixtures.accounts import last_sms_code

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
NEW_PHONE = "13912345678"


def send(client, phone, path="/user/login/sms/"):
    response = client.post(path, {"phone": phone, "send_code": "1"}, **JSON)
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def proved(user):
    """``user`` as if a texted code had proved its number."""
    Shopper.objects.filter(user=user).update(phone_verified_at=timezone.now())
    return user


def sign_in(client, outbox, phone, **extra):
    assert send(client, phone)["code"] == 200
    code = last_sms_code(outbox, phone)
    return client.post("/user/login/sms/", {"phone": phone, "sms_code": code, **extra})


def test_the_login_page_links_to_sms_login_only_with_a_provider(client, sms_outbox, settings):
    assert "/user/login/sms/" in client.get("/user/login/").content.decode()
    page = client.get("/user/login/sms/").content.decode()
    assert 'name="send_code"' in page and 'name="sms_code"' in page and "sms-code.js" in page
    settings.SHOPKIT_SMS_PROVIDERS = {}
    assert "/user/login/sms/" not in client.get("/user/login/").content.decode()
    assert client.get("/user/login/sms/").status_code == 404


def test_the_code_answer_never_tells_whether_the_number_has_an_account(client, sms_outbox, alice):
    assert send(client, "13800000001") == send(client, NEW_PHONE)


def test_a_proved_number_logs_into_its_account(client, sms_outbox, alice):
    proved(alice)
    response = sign_in(client, sms_outbox, "13800000001", next="/cart/")
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert int(client.session["_auth_user_id"]) == alice.pk
    assert not list(get_messages(response.wsgi_request))  # nothing new to tell


def test_a_number_its_account_never_proved_opens_a_new_account_for_the_prover(
    client, sms_outbox, alice
):
    Shopper.objects.filter(user=alice).update(phone_verified_at=None)  # typed in, never proved
    response = sign_in(client, sms_outbox, "13800000001")
    assert response.status_code == 302
    shopper = Shopper.objects.get(phone="13800000001")
    assert shopper.user != alice and shopper.phone_verified
    assert int(client.session["_auth_user_id"]) == shopper.user.pk
    [told] = [str(m) for m in get_messages(response.wsgi_request)]
    assert shopper.user.get_username() in told
    assert Shopper.objects.get(user=alice).phone is None


def test_a_new_number_opens_an_account_and_the_page_says_so(client, sms_outbox):
    response = sign_in(client, sms_outbox, NEW_PHONE)
    assert response.status_code == 302
    user = get_user_model().objects.get(shopkit_shopper__phone=NEW_PHONE)
    assert int(client.session["_auth_user_id"]) == user.pk
    [told] = [str(m) for m in get_messages(response.wsgi_request)]
    assert user.get_username() in told and NEW_PHONE in told
    # The account sets its first password on the change page, no old one asked.
    changed = client.post(
        "/user/password/", {"password1": "fresh-Straw9berry", "password2": "fresh-Straw9berry"}
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("fresh-Straw9berry")


def test_a_wrong_code_stays_on_the_page_with_the_error(client, sms_outbox, alice):
    send(client, "13800000001")
    code = last_sms_code(sms_outbox, "13800000001")
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/user/login/sms/", {"phone": "13800000001", "sms_code": wrong})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert response.context["form"].errors["sms_code"]


def test_sending_is_limited_per_number(client, sms_outbox):
    assert send(client, NEW_PHONE)["code"] == 200
    assert send(client, NEW_PHONE)["code"] == 10111


def test_sms_login_merges_the_cookie_cart(client, sms_outbox, alice, fruit):
    proved(alice)
    apples = fruit["apples"]
    cart_services.add(cart_services.user_store(alice), apples[0].pk, 5)
    client.post("/cart/add", {"sku_id": apples[0].pk, "count": 2}, **JSON)
    client.post("/cart/add", {"sku_id": apples[1].pk, "count": 3}, **JSON)
    assert sign_in(client, sms_outbox, "13800000001").status_code == 302
    assert cart_services.selected_lines(alice) == [(apples[0].pk, 5), (apples[1].pk, 3)]


def test_binding_a_number_from_the_profile(client, sms_outbox, buyer):
    client.force_login(buyer)
    assert "/user/phone/" in client.get("/user/").content.decode()
    assert send(client, NEW_PHONE, "/user/phone/")["code"] == 200
    code = last_sms_code(sms_outbox, NEW_PHONE)
    response = client.post("/user/phone/", {"phone": NEW_PHONE, "sms_code": code})
    assert response.status_code == 302
    assert Shopper.objects.get(user=buyer).phone == NEW_PHONE


def test_binding_another_accounts_proved_number_shows_the_error(client, sms_outbox, alice, bob):
    proved(bob)
    client.force_login(alice)
    send(client, "13800000002", "/user/phone/")
    code = last_sms_code(sms_outbox, "13800000002")
    response = client.post("/user/phone/", {"phone": "13800000002", "sms_code": code})
    assert response.status_code == 200 and response.context["form"].errors["phone"]
    assert Shopper.objects.get(user=alice).phone == "13800000001"


def test_binding_needs_a_login(client, sms_outbox):
    response = client.get("/user/phone/")
    assert response.status_code == 302 and response["Location"].startswith("/user/login/")
