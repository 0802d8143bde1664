"""Tokens die with the password: a change, a reset or a deactivation refuses
every token issued before it with "Please login"."""

import json

import pytest

from shopkit.accounts import onetime, services
from shopkit.core.tokens import issue_token
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "n3w-Passw0rd!"
PLEASE_LOGIN = {"code": 403, "error": "请登录", "errmsg": "请登录"}


def addresses(client, token):
    return client.get("/v1/users/alice/address", HTTP_AUTHORIZATION=token).json()


def login(client, password):
    body = {"username": "alice", "password": password}
    return client.post("/v1/tokens", json.dumps(body), content_type="application/json").json()


def test_password_change_refuses_earlier_tokens(client, alice):
    old = login(client, PASSWORD)["token"]
    assert addresses(client, old)["code"] == 200
    body = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    changed = client.post(
        "/v1/users/alice/password",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=old,
    ).json()
    assert changed["code"] == 200
    assert addresses(client, old) == PLEASE_LOGIN
    new = login(client, NEW_PASSWORD)["token"]
    assert addresses(client, new)["code"] == 200


def test_password_reset_refuses_earlier_tokens(client, alice):
    old = issue_token(alice)
    onetime.grant(services.RESET_PURPOSE, "alice@example.com", 60)
    services.reset_password("alice@example.com", NEW_PASSWORD, NEW_PASSWORD)
    assert addresses(client, old) == PLEASE_LOGIN
    assert addresses(client, login(client, NEW_PASSWORD)["token"])["code"] == 200


def test_deactivation_refuses_earlier_tokens(client, alice):
    old = issue_token(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert addresses(client, old) == PLEASE_LOGIN
    alice.is_active = True
    alice.save(update_fields=["is_active"])
    assert addresses(client, old)["code"] == 200
