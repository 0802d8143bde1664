"""Storefront registration, activation, login and logout pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from shopkit.accounts.models import Shopper
from tests.fixtures.accounts import PASSWORD, last_sms_code, mailed_link, make_shopper

pytestmark = pytest.mark.django_db

FORM = {
    "username": "carol_01",
    "password": PASSWORD,
    "password2": PASSWORD,
    "email": "carol@example.com",
    "phone": "13912345678",
}


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def run(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/user/register/", {**FORM, **changes})

    return run


def test_registration_page_registers_and_mails_a_storefront_link(client, register):
    assert client.get("/user/register/").status_code == 200
    response = register()
    assert response.status_code == 200 and "shopkit/accounts/registered.html" in [
        t.name for t in response.templates
    ]
    assert re.match(r"http://testserver/user/activate/[^/]+/$", mailed_link())


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"username": "ab"}, "username"),
        ({"phone": "12345"}, "phone"),
        ({"email": "nope"}, "email"),
        ({"password2": "different-Pass1"}, "password2"),
        ({"password": "123", "password2": "123"}, "password"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_the_form_keeps_what_was_typed(
    register, changes, field
):
    response = register(**changes)
    form = response.context["form"]
    assert form.errors[field]
    html = response.content.decode()
    for name in ("username", "email", "phone"):
        assert f'value="{form.data[name]}"' in html
    assert PASSWORD not in html
    assert not get_user_model().objects.exists()


def test_duplicate_username_message_is_translated(register, alice, settings):
    response = register(username="Alice")
    assert "用户名已被占用" in response.content.decode()


def test_send_code_button_texts_a_code_and_keeps_the_form(client, sms_outbox, settings):
    settings.SHOPKIT_REGISTER_REQUIRE_SMS = True
    response = client.post("/user/register/", {**FORM, "send_code": "1"})
    assert 'value="carol_01"' in response.content.decode()
    code = last_sms_code(sms_outbox, "13912345678")
    missing = client.post("/user/register/", FORM)
    assert missing.context["form"].errors["sms_code"]
    done = client.post("/user/register/", {**FORM, "sms_code": code})
    assert Shopper.objects.filter(user__username="carol_01").exists(), done.content


def test_activation_page_and_expired_link_offers_a_resend(client, register, settings):
    register()
    link = mailed_link().removeprefix("http://testserver")
    assert "carol_01" in client.get(link).content.decode()
    assert client.get(link).status_code == 200  # twice is harmless
    settings.SHOPKIT_ACTIVATION_MAX_AGE = -1
    expired = client.get(link)
    assert "shopkit/accounts/activation_failed.html" in [t.name for t in expired.templates]
    assert 'action="/user/activate/"' in expired.content.decode()
    forged = client.get("/user/activate/forged:code/")
    assert "shopkit/accounts/activation_failed.html" in [t.name for t in forged.templates]


def test_resend_form_mails_a_new_link(client, register, django_capture_on_commit_callbacks):
    register()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/user/activate/", {"email": "carol@example.com"})
    assert response["Location"] == "/user/login/" and len(mail.outbox) == 2


def login(client, username="alice", password=PASSWORD, **extra):
    return client.post("/user/login/", {"username": username, "password": password, **extra})


def test_login_waits_for_activation_by_default(client, db, settings):
    make_shopper("newbie", phone="13700000000", activated=False)
    response = login(client, "newbie")
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    settings.SHOPKIT_SESSION_LOGIN_REQUIRES_ACTIVATION = False
    assert login(client, "newbie").status_code == 302


def test_login_redirects_to_a_local_next_only(client, alice):
    assert login(client, next="/user/address/")["Location"] == "/user/address/"
    client.post("/user/logout/")
    assert login(client, next="https://evil.example/")["Location"] == "/user/"
    client.post("/user/logout/")
    assert login(client, next="//evil.example/x")["Location"] == "/user/"


def test_remember_username_cookie(client, alice):
    login(client, remember="on")
    assert client.cookies["shopkit_username"].value == "alice"
    client.post("/user/logout/")
    page = client.get("/user/login/").content.decode()
    assert 'value="alice"' in page
    login(client)
    assert client.cookies["shopkit_username"].value == ""


def test_failed_login_does_not_tell_whether_the_account_exists(client, alice):
    wrong = login(client, password="bad").context["form"].non_field_errors()
    unknown = login(client, username="nobody").context["form"].non_field_errors()
    assert wrong == unknown


def test_logout_needs_post(client, alice):
    login(client)
    assert client.get("/user/logout/").status_code == 405
    assert client.post("/user/logout/")["Location"] == "/"
    assert client.get("/user/")["Location"].startswith("/user/login/")


@pytest.mark.parametrize(
    "path, data",
    [
        ("/user/register/", FORM),
        ("/user/login/", {"username": "alice", "password": PASSWORD}),
        ("/user/activate/", {"email": "alice@example.com"}),
        ("/user/password/reset/", {"email": "alice@example.com"}),
        ("/user/logout/", {}),
    ],
)
def test_csrf_is_enforced_on_storefront_forms(alice, path, data):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(path, data).status_code == 403
    browser.get("/user/login/")
    token = browser.cookies["csrftoken"].value
    assert browser.post(path, {**data, "csrfmiddlewaretoken": token}).status_code in (200, 302)
