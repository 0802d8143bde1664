"""``/v1/users/sms/login…`` and ``/v1/users/<u>/phone…``: sign in with a texted code,
bind a number; answers in the envelope, the schema publishing them."""

import json

import pytest

from shopkit.accounts.models import Shopper
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token, user_for_token
from tests.fixtures.accounts import last_sms_code

pytestmark = pytest.mark.django_db

NEW_PHONE = "13912345678"


def post(client, path, body, ip="10.0.0.1", **extra):
    return client.post(
        path, json.dumps(body), content_type="application/json", REMOTE_ADDR=ip, **extra
    ).json()


def login_code(client, phone, ip="10.0.0.1"):
    return post(client, "/v1/users/sms/login/code", {"phone": phone}, ip=ip)


def login(client, phone, code, cart=None):
    return post(client, "/v1/users/sms/login", {"phone": phone, "code": code, "cart": cart})


def test_the_code_answer_is_the_same_with_or_without_an_account(client, sms_outbox, alice):
    assert login_code(client, "13800000001") == login_code(client, NEW_PHONE)
    assert login_code(client, NEW_PHONE.replace("8", "7")) == {"code": 200, "data": "OK"}


def test_a_number_with_an_account_gets_a_token_in_the_token_login_shape(client, sms_outbox, alice):
    login_code(client, "13800000001")
    answer = login(client, "13800000001", last_sms_code(sms_outbox, "13800000001"))
    token = answer["token"]
    assert answer == {
        "code": 200,
        "username": "alice",
        "token": token,
        "len": 0,
        "carts_count": 0,
        "data": {"token": token, "len": 0},
        "created": False,
        "message": answer["message"],
    }
    assert user_for_token(token) == alice


def test_a_new_number_opens_an_account_and_says_so(client, sms_outbox):
    login_code(client, NEW_PHONE)
    answer = login(client, NEW_PHONE, last_sms_code(sms_outbox, NEW_PHONE))
    assert answer["code"] == 200 and answer["created"] is True
    user = user_for_token(answer["token"])
    assert user.get_username() == answer["username"] and not user.has_usable_password()
    assert Shopper.objects.get(user=user).phone == NEW_PHONE
    assert answer["username"] in answer["message"]


def test_the_offline_cart_is_merged(client, sms_outbox, alice, fruit):
    from shopkit.cart import services as cart

    small = fruit["berries"]["500g"]
    login_code(client, "13800000001")
    code = last_sms_code(sms_outbox, "13800000001")
    answer = login(client, "13800000001", code, cart=[{"id": str(small.pk), "count": "2"}])
    assert answer["carts_count"] == answer["len"] == 1
    assert cart.selected_lines(alice) == [(small.pk, 2)]


def test_wrong_reused_and_register_codes_are_refused(client, sms_outbox, alice):
    login_code(client, "13800000001")
    code = last_sms_code(sms_outbox, "13800000001")
    wrong = "000000" if code != "000000" else "111111"
    assert login(client, "13800000001", wrong)["code"] == ErrorCode.USERS_SMS_CODE_INVALID
    assert login(client, "13800000001", code)["code"] == 200
    assert login(client, "13800000001", code)["code"] == ErrorCode.USERS_SMS_CODE_INVALID
    # A code texted for registering does not sign in.
    post(client, "/v1/users/sms/code", {"phone": NEW_PHONE})
    register_code = last_sms_code(sms_outbox, NEW_PHONE)
    assert login(client, NEW_PHONE, register_code)["code"] == ErrorCode.USERS_SMS_CODE_INVALID


def test_codes_are_limited_per_number_and_per_client(client, sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_IP_LIMIT = 2
    assert login_code(client, "13900000001")["code"] == 200
    assert login_code(client, "13900000001", ip="10.0.0.2")["code"] == (
        ErrorCode.USERS_CODE_TOO_FREQUENT
    )
    assert login_code(client, "13900000002")["code"] == 200
    assert login_code(client, "13900000003")["code"] == ErrorCode.USERS_CODE_TOO_FREQUENT
    assert login_code(client, "13900000003", ip="10.0.0.3")["code"] == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"phone": "12345", "code": "1"}, {"phone": NEW_PHONE}, {"phone": [1], "code": "1"}],
)
def test_bad_input_is_a_users_error(client, sms_outbox, body):
    answer = post(client, "/v1/users/sms/login", body)
    assert answer["code"] in (ErrorCode.USERS_BAD_PARAMETER, ErrorCode.USERS_PHONE_INVALID)
    assert answer["error"] == answer["errmsg"]


def bind(client, user, phone, code=None):
    auth = {"HTTP_AUTHORIZATION": issue_token(user)}
    name = user.get_username()
    if code is None:
        return post(client, f"/v1/users/{name}/phone/code", {"phone": phone}, **auth)
    return post(client, f"/v1/users/{name}/phone", {"phone": phone, "code": code}, **auth)


def test_binding_a_number(client, sms_outbox, alice):
    assert bind(client, alice, NEW_PHONE) == {"code": 200, "data": "OK"}
    answer = bind(client, alice, NEW_PHONE, last_sms_code(sms_outbox, NEW_PHONE))
    assert answer["code"] == 200 and answer["phone"] == NEW_PHONE and answer["data"]
    assert Shopper.objects.get(user=alice).phone == NEW_PHONE


def test_binding_another_accounts_number_is_refused(client, sms_outbox, alice, bob):
    bind(client, alice, "13800000002")
    answer = bind(client, alice, "13800000002", last_sms_code(sms_outbox, "13800000002"))
    assert answer["code"] == ErrorCode.USERS_PHONE_TAKEN
    assert Shopper.objects.get(user=alice).phone == "13800000001"


def test_a_sign_in_code_does_not_bind(client, sms_outbox, alice):
    login_code(client, NEW_PHONE)
    answer = bind(client, alice, NEW_PHONE, last_sms_code(sms_outbox, NEW_PHONE))
    assert answer["code"] == ErrorCode.USERS_SMS_CODE_INVALID


def test_binding_needs_the_paths_user(client, sms_outbox, alice, bob):
    auth = {"HTTP_AUTHORIZATION": issue_token(bob)}
    answer = post(client, "/v1/users/alice/phone/code", {"phone": NEW_PHONE}, **auth)
    assert answer["code"] == ErrorCode.USERS_USER_MISMATCH
    anonymous = post(client, "/v1/users/alice/phone", {"phone": NEW_PHONE, "code": "123456"})
    assert anonymous["code"] == ErrorCode.NOT_LOGGED_IN


def test_the_schema_publishes_the_new_operations(client):
    paths = client.get("/v1/openapi.json").json()["paths"]
    for path in (
        "/v1/users/sms/login/code",
        "/v1/users/sms/login",
        "/v1/users/{username}/phone/code",
        "/v1/users/{username}/phone",
    ):
        assert "post" in paths[path], path
    login_answer = paths["/v1/users/sms/login"]["post"]["responses"]["200"]
    success = login_answer["content"]["application/json"]["schema"]["anyOf"][0]
    assert success["$ref"].endswith("/SmsLoginOut")
