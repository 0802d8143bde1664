"""``/v1/users``: registration, activation, SMS codes (API.md §2)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import override_settings

from shopkit.accounts.models import Shopper
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import user_for_token
from tests.fixtures.accounts import PASSWORD, last_sms_code, mailed_link

pytestmark = pytest.mark.django_db


def post(client, path, body, **extra):
    return client.post(path, json.dumps(body), content_type="application/json", **extra).json()


def registration(**changes):
    body = {
        "uname": "carol_01",
        "password": PASSWORD,
        "phone": "13912345678",
        "email": "carol@example.com",
    }
    return {**body, **changes}


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def run(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return post(client, "/v1/users", registration(**changes))

    return run


def test_registration_answers_token_and_queues_activation_mail(register):
    answer = register()
    assert answer["code"] == 200 and answer["username"] == "carol_01"
    assert answer["carts_count"] == 0 and answer["data"] == {"token": answer["token"]}
    assert user_for_token(answer["token"]).get_username() == "carol_01"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["carol@example.com"]
    assert "/user/activate/" in mailed_link()
    shopper = Shopper.objects.get(user__username="carol_01")
    assert shopper.phone == "13912345678" and not shopper.is_activated


def test_registration_fires_the_user_registered_event(
    register, shopkit_plugin, django_capture_on_commit_callbacks
):
    from shopkit import hookimpl

    seen = []

    class Listener:
        @hookimpl
        def shopkit_user_registered(self, user):
            seen.append(user.get_username())

    shopkit_plugin(Listener(), name="listener")
    register()
    assert seen == ["carol_01"]


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"uname": "abc"}, ErrorCode.USERS_USERNAME_INVALID),
        ({"uname": "bad name!"}, ErrorCode.USERS_USERNAME_INVALID),
        ({"uname": "1234567"}, ErrorCode.USERS_USERNAME_INVALID),
        ({"password": "123"}, ErrorCode.USERS_PASSWORD_INVALID),
        ({"password": "password"}, ErrorCode.USERS_PASSWORD_INVALID),
        ({"email": "not-an-email"}, ErrorCode.USERS_EMAIL_INVALID),
        ({"phone": "12345"}, ErrorCode.USERS_PHONE_INVALID),
        ({"phone": "23912345678"}, ErrorCode.USERS_PHONE_INVALID),
        ({"phone": None}, ErrorCode.USERS_BAD_PARAMETER),
        ({"uname": "x" * 500}, ErrorCode.USERS_BAD_PARAMETER),
    ],
)
def test_malformed_registration_gets_its_code_and_writes_nothing(register, changes, code):
    answer = register(**changes)
    assert answer["code"] == code and answer["error"]
    assert not get_user_model().objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"uname": "ALICE"}, ErrorCode.USERS_USERNAME_TAKEN),
        ({"email": "Alice@EXAMPLE.com"}, ErrorCode.USERS_EMAIL_TAKEN),
        ({"phone": "13800000001"}, ErrorCode.USERS_PHONE_TAKEN),
    ],
)
def test_duplicates_are_refused_ignoring_case(register, alice, changes, code):
    answer = register(**changes)
    assert answer["code"] == code
    assert get_user_model().objects.count() == 1


def test_numbers_sent_as_numbers_are_accepted(register):
    assert register(phone=13912345678)["code"] == 200


@override_settings(SHOPKIT_REGISTER_REQUIRE_SMS=True)
def test_sms_code_is_required_when_the_setting_says_so(client, register, sms_outbox):
    assert register()["code"] == ErrorCode.USERS_SMS_CODE_INVALID
    assert post(client, "/v1/users/sms/code", {"phone": "13912345678"}) == {
        "code": 200,
        "data": "OK",
    }
    code = last_sms_code(sms_outbox, "13912345678")
    assert register(verify="000000" if code != "000000" else "111111")["code"] == (
        ErrorCode.USERS_SMS_CODE_INVALID
    )
    assert register(verify=code)["code"] == 200
    other = {"uname": "dave_01", "email": "d@example.com", "phone": "13912345679"}
    assert register(verify=code, **other)["code"] == ErrorCode.USERS_SMS_CODE_INVALID


def test_an_sms_code_sent_along_is_checked_even_when_optional(register, sms_outbox):
    assert register(verify="123")["code"] == ErrorCode.USERS_SMS_CODE_INVALID


def test_sms_code_failed_registration_keeps_the_code_usable(client, register, sms_outbox):
    post(client, "/v1/users/sms/code", {"phone": "13912345678"})
    code = last_sms_code(sms_outbox, "13912345678")
    assert register(verify=code, email="broken")["code"] == ErrorCode.USERS_EMAIL_INVALID
    assert register(verify=code)["code"] == 200


def test_sms_codes_are_limited_to_one_per_phone_per_interval(client, sms_outbox):
    assert post(client, "/v1/users/sms/code", {"phone": "13912345678"})["code"] == 200
    again = post(client, "/v1/users/sms/code", {"phone": "13912345678"})
    assert again["code"] == ErrorCode.USERS_CODE_TOO_FREQUENT
    assert post(client, "/v1/users/sms/code", {"phone": "13912345670"})["code"] == 200
    assert post(client, "/v1/users/sms/code", {"phone": "110"})["code"] == (
        ErrorCode.USERS_PHONE_INVALID
    )


@override_settings(SHOPKIT_SMS_PROVIDERS={})
def test_sms_without_provider_is_unavailable(client):
    answer = post(client, "/v1/users/sms/code", {"phone": "13912345678"})
    assert answer["code"] == ErrorCode.USERS_SMS_UNAVAILABLE


def activation_code():
    return mailed_link().rstrip("/").rsplit("/", 1)[1]


def test_activation_activates_once_and_twice_is_harmless(client, register):
    register()
    code = activation_code()
    first = client.get("/v1/users/activation", {"code": code}).json()
    assert first["code"] == 200 and "carol_01" in first["data"]
    activated_at = Shopper.objects.get().activated_at
    assert activated_at is not None
    assert client.get("/v1/users/activation", {"code": code}).json()["code"] == 200
    assert Shopper.objects.get().activated_at == activated_at


def test_expired_activation_link_is_told_apart(client, register, settings):
    register()
    settings.SHOPKIT_ACTIVATION_MAX_AGE = -1
    answer = client.get("/v1/users/activation", {"code": activation_code()}).json()
    assert answer["code"] == ErrorCode.USERS_ACTIVATION_EXPIRED
    assert not Shopper.objects.get().is_activated


@pytest.mark.parametrize("forge", ["tamper", "other_salt", "garbage", "empty"])
def test_forged_activation_codes_are_refused(client, register, forge):
    register()
    user = get_user_model().objects.get()
    code = {
        "tamper": activation_code()[:-2] + "xx",
        "other_salt": signing.TimestampSigner(salt="other").sign_object(
            {"u": user.pk, "e": "carol@example.com"}
        ),
        "garbage": "not-a-code",
        "empty": "",
    }[forge]
    answer = client.get("/v1/users/activation", {"code": code}).json()
    assert answer["code"] in (ErrorCode.USERS_ACTIVATION_INVALID, ErrorCode.USERS_BAD_PARAMETER)
    assert not Shopper.objects.get().is_activated


def test_link_for_an_earlier_email_address_does_not_activate(client, register):
    register()
    code = activation_code()
    get_user_model().objects.filter(username="carol_01").update(email="new@example.com")
    answer = client.get("/v1/users/activation", {"code": code}).json()
    assert answer["code"] == ErrorCode.USERS_ACTIVATION_INVALID


def test_resend_mails_a_new_link_and_says_the_same_for_unknown_addresses(
    client, register, django_capture_on_commit_callbacks
):
    register()
    with django_capture_on_commit_callbacks(execute=True):
        known = post(client, "/v1/users/activation", {"email": "carol@example.com"})
        unknown = post(client, "/v1/users/activation", {"email": "nobody@example.com"})
    assert known["code"] == unknown["code"] == 200 and known["data"] == unknown["data"]
    assert len(mail.outbox) == 2
    assert client.get("/v1/users/activation", {"code": activation_code()}).json()["code"] == 200


@override_settings(SHOPKIT_FRONTEND_URL={"activation": "http://front.test/active.html?code={code}"})
def test_api_activation_link_uses_the_front_end_template(register):
    register()
    assert mailed_link().startswith("http://front.test/active.html?code=")


@override_settings(SHOPKIT_TOKEN_LOGIN_REQUIRES_ACTIVATION=True)
def test_registration_gives_no_token_while_token_login_waits_for_activation(register):
    answer = register()
    assert answer["code"] == 200 and answer["token"] is None and answer["data"]["token"] is None


def test_users_and_tokens_are_in_the_openapi_schema(client):
    schema = client.get("/v1/openapi.json").json()
    for path in (
        "/v1/users",
        "/v1/users/sms/code",
        "/v1/users/activation",
        "/v1/users/{provider}/authorization",
        "/v1/users/{provider}/users",
        "/v1/users/{username}/address",
        "/v1/users/{username}/address/{address_id}",
        "/v1/users/password/new",
        "/v1/tokens",
    ):
        assert path in schema["paths"], path
    components = schema["components"]["schemas"]
    assert "uname" in components["RegisterIn"]["properties"]
    # Distinct names: ninja silently keeps one of two schemas sharing a name.
    assert {"TokenLoginOut", "ProviderLoginOut", "RegisterOut"} <= set(components)
