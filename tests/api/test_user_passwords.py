"""``/v1/users/<u>/password`` and the ``/v1/users/password/…`` reset flow."""

import json
import time

import pytest
from django.core import mail
from django.test import TestCase

from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token
from tests.fixtures.accounts import PASSWORD, mailed_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "n3w-Passw0rd!"


def post(client, path, body, **extra):
    return client.post(path, json.dumps(body), content_type="application/json", **extra).json()


def change(client, user, old, new1=NEW_PASSWORD, new2=NEW_PASSWORD):
    body = {"oldpassword": old, "password1": new1, "password2": new2}
    return post(client, "/v1/users/alice/password", body, HTTP_AUTHORIZATION=issue_token(user))


def test_change_needs_the_old_password(client, alice):
    assert change(client, alice, "wrong")["code"] == ErrorCode.USERS_OLD_PASSWORD_WRONG
    assert change(client, alice, PASSWORD, new2="other-Passw0rd")["code"] == (
        ErrorCode.USERS_PASSWORDS_DIFFER
    )
    assert change(client, alice, PASSWORD, "123", "123")["code"] == (
        ErrorCode.USERS_PASSWORD_INVALID
    )
    assert change(client, alice, PASSWORD)["code"] == 200
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_old_password_guesses_are_rate_limited(client, alice, settings):
    settings.SHOPKIT_LOGIN_FAILURE_LIMIT = 2
    change(client, alice, "guess-1")
    change(client, alice, "guess-2")
    assert change(client, alice, PASSWORD)["code"] == ErrorCode.USERS_LOGIN_LOCKED


def reset_flow(client, email="alice@example.com"):
    # The mail is recorded in the outbox and sent when the request's work commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = post(client, "/v1/users/password/sms", {"email": email})
    assert sent["code"] == 200
    return sent


def test_reset_by_mailed_code(client, alice):
    reset_flow(client)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    code = mailed_code()
    new = {"email": "alice@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert post(client, "/v1/users/password/new", new)["code"] == ErrorCode.USERS_RESET_NOT_VERIFIED
    verified = post(
        client, "/v1/users/password/verification", {"email": "ALICE@example.com", "code": code}
    )
    assert verified["code"] == 200 and verified["email"].lower() == "alice@example.com"
    assert post(client, "/v1/users/password/new", new)["code"] == 200
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    # Neither the code nor the verification can be used again.
    again = {"email": "alice@example.com", "code": code}
    assert post(client, "/v1/users/password/verification", again)["code"] == (
        ErrorCode.USERS_RESET_CODE_INVALID
    )
    assert post(client, "/v1/users/password/new", new)["code"] == ErrorCode.USERS_RESET_NOT_VERIFIED


def test_unknown_address_gets_the_same_answer_and_no_mail(client, alice):
    known = reset_flow(client)
    unknown = reset_flow(client, "nobody@example.com")
    assert known == unknown and len(mail.outbox) == 1
    answer = post(
        client, "/v1/users/password/verification", {"email": "nobody@example.com", "code": "0"}
    )
    assert answer["code"] == ErrorCode.USERS_RESET_CODE_INVALID


def test_reset_codes_are_limited_in_frequency_and_guesses(client, alice, settings):
    settings.SHOPKIT_CODE_MAX_ATTEMPTS = 3
    reset_flow(client)
    again = post(client, "/v1/users/password/sms", {"email": "alice@example.com"})
    assert again["code"] == ErrorCode.USERS_CODE_TOO_FREQUENT
    code = mailed_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(3):
        answer = post(
            client, "/v1/users/password/verification", {"email": "alice@example.com", "code": wrong}
        )
        assert answer["code"] == ErrorCode.USERS_RESET_CODE_INVALID
    right = {"email": "alice@example.com", "code": code}
    assert post(client, "/v1/users/password/verification", right)["code"] == (
        ErrorCode.USERS_RESET_CODE_INVALID
    )


def test_expired_reset_code_is_refused(client, alice, settings):
    settings.SHOPKIT_RESET_CODE_TIMEOUT = 1
    reset_flow(client)
    time.sleep(1.2)
    body = {"email": "alice@example.com", "code": mailed_code()}
    assert post(client, "/v1/users/password/verification", body)["code"] == (
        ErrorCode.USERS_RESET_CODE_INVALID
    )


def test_new_password_is_validated_before_the_verification_is_used(client, alice):
    reset_flow(client)
    post(
        client,
        "/v1/users/password/verification",
        {"email": "alice@example.com", "code": mailed_code()},
    )
    weak = {"email": "alice@example.com", "password1": "123", "password2": "123"}
    assert post(client, "/v1/users/password/new", weak)["code"] == ErrorCode.USERS_PASSWORD_INVALID
    good = {"email": "alice@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert post(client, "/v1/users/password/new", good)["code"] == 200
