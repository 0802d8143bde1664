"""The register page's SMS code: a button only where a provider can send codes,
a JSON answer for the page's script, registration without a code otherwise."""

import json

import pytest

from shopkit.accounts.models import Shopper
from tests.fixtures.accounts import last_sms_code
from tests.storefront.test_auth import FORM

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def send(client, phone: str):
    response = client.post("/user/register/", {"phone": phone, "send_code": "1"}, **JSON)
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_with_a_provider_the_page_offers_the_button_and_the_code_field(client, sms_outbox):
    html = client.get("/user/register/").content.decode()
    assert 'name="send_code"' in html and 'name="sms_code"' in html
    assert "shopkit/js/sms-code.js" in html and 'data-interval="60"' in html


def test_the_script_gets_json_and_the_code_goes_out(client, sms_outbox):
    answer = send(client, "13912345678")
    assert answer == {"code": 200, "message": "短信验证码已发送到您的手机。"}
    code = last_sms_code(sms_outbox, "13912345678")
    done = client.post("/user/register/", {**FORM, "sms_code": code})
    assert "shopkit/accounts/registered.html" in [t.name for t in done.templates]


def test_the_script_gets_errors_as_data(client, sms_outbox):
    bad = send(client, "12345")
    assert bad["code"] == 10108 and bad["error"] == bad["errmsg"] and bad["error"]
    assert send(client, "13912345678")["code"] == 200
    again = send(client, "13912345678")
    assert again["code"] == 10111 and again["error"]


def test_without_a_provider_no_button_and_registration_needs_no_code(client, settings):
    settings.SHOPKIT_SMS_PROVIDERS = {}
    html = client.get("/user/register/").content.decode()
    assert 'name="send_code"' not in html and 'name="sms_code"' not in html
    assert "sms-code.js" not in html
    done = client.post("/user/register/", FORM)
    assert "shopkit/accounts/registered.html" in [t.name for t in done.templates]
    assert Shopper.objects.filter(user__username=FORM["username"]).exists()


def test_a_code_provider_named_but_not_active_hides_the_button(client, sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_PROVIDER = "missing"
    assert 'name="send_code"' not in client.get("/user/register/").content.decode()
