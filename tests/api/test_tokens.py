"""``POST /v1/tokens``: login, rate limits, merging the offline cart."""

import json

import pytest
from django.test import override_settings

from shopkit.accounts.models import Shopper
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import user_for_token
from tests.fixtures.accounts import PASSWORD, make_shopper

pytestmark = pytest.mark.django_db


def login(client, username="alice", password=PASSWORD, cart=None, ip="10.0.0.1"):
    body = {"username": username, "password": password, "cart": cart}
    return client.post(
        "/v1/tokens", json.dumps(body), content_type="application/json", REMOTE_ADDR=ip
    ).json()


def test_login_answers_the_documented_shape(client, alice):
    answer = login(client)
    assert answer == {
        "code": 200,
        "username": "alice",
        "token": answer["token"],
        "len": 0,
        "carts_count": 0,
        "data": {"token": answer["token"], "len": 0},
    }
    assert user_for_token(answer["token"]) == alice


def test_username_is_case_insensitive(client, alice):
    assert login(client, username="ALICE")["username"] == "alice"


def test_unknown_user_and_wrong_password_get_the_same_answer(client, alice):
    wrong = login(client, password="nope")
    unknown = login(client, username="nobody")
    assert (
        wrong
        == unknown
        == {
            "code": ErrorCode.USERS_LOGIN_FAILED,
            "error": "用户名或密码错误",
            "errmsg": "用户名或密码错误",
        }
    )


@override_settings(SHOPKIT_LOGIN_FAILURE_LIMIT=3)
@pytest.mark.parametrize("username", ["alice", "nobody"])
def test_failures_lock_the_account_name_existing_or_not(client, alice, username):
    for attempt in range(3):
        assert login(client, username, "bad", ip=f"10.0.1.{attempt}")["code"] == (
            ErrorCode.USERS_LOGIN_FAILED
        )
    locked = login(client, username, PASSWORD, ip="10.0.2.1")
    assert locked["code"] == ErrorCode.USERS_LOGIN_LOCKED
    assert login(client, "bobby_x", "bad", ip="10.0.2.1")["code"] == ErrorCode.USERS_LOGIN_FAILED


@override_settings(SHOPKIT_LOGIN_IP_FAILURE_LIMIT=4)
def test_failures_lock_the_client_address(client, alice):
    for attempt in range(4):
        login(client, f"name_{attempt}", "bad", ip="10.9.9.9")
    assert login(client, ip="10.9.9.9")["code"] == ErrorCode.USERS_LOGIN_LOCKED
    assert login(client, ip="10.9.9.10")["code"] == 200


@override_settings(SHOPKIT_LOGIN_FAILURE_LIMIT=3)
def test_success_clears_the_name_failures(client, alice):
    login(client, password="bad")
    login(client, password="bad")
    assert login(client)["code"] == 200
    login(client, password="bad")
    login(client, password="bad")
    assert login(client)["code"] == 200


def test_inactive_user_cannot_log_in(client, alice):
    alice.is_active = False
    alice.save()
    assert login(client)["code"] == ErrorCode.USERS_LOGIN_FAILED


def test_token_login_waits_for_activation_only_when_set(client, db, settings):
    make_shopper("newbie", phone="13700000000", activated=False)
    assert login(client, "newbie")["code"] == 200
    settings.SHOPKIT_TOKEN_LOGIN_REQUIRES_ACTIVATION = True
    assert login(client, "newbie")["code"] == ErrorCode.USERS_NOT_ACTIVATED
    assert Shopper.objects.filter(user__username="newbie", activated_at=None).exists()


def test_offline_cart_goes_to_the_cart_merge_seam(client, alice, monkeypatch):
    from shopkit.accounts import services

    received = []

    def fake_merge(request, user, lines):
        received.append((user.get_username(), list(lines)))
        return 2

    monkeypatch.setattr(services, "merge_offline_cart", fake_merge)
    cart = [{"id": "3", "count": "2", "name": "草莓"}, {"id": 5, "count": 1}]
    answer = login(client, cart=cart)
    assert answer["len"] == answer["carts_count"] == answer["data"]["len"] == 2
    assert received == [("alice", [services.OfflineCartLine(3, 2), services.OfflineCartLine(5, 1)])]


def test_offline_cart_is_merged_into_the_users_cart(client, alice, fruit):
    from shopkit.cart import services as cart

    small, large = fruit["berries"]["500g"], fruit["berries"]["1kg"]
    cart.add(cart.user_store(alice), small.pk, 3)
    offline = [{"id": str(small.pk), "count": "2"}, {"id": large.pk, "count": 50}]
    answer = login(client, cart=offline)
    assert answer["carts_count"] == answer["len"] == 2
    assert cart.selected_lines(alice) == [(small.pk, 3), (large.pk, 20)]  # max, capped by stock


@pytest.mark.parametrize(
    "cart",
    [
        [{"id": "x", "count": 1}],
        [{"id": 1, "count": 0}],
        [{"id": -1, "count": 1}],
        [{"id": 1, "count": 10**6}],
        [{"count": 1}],
        "not a list",
        '""',
        {},
    ],
)
def test_malformed_offline_cart_is_a_users_bad_parameter(client, alice, cart):
    assert login(client, cart=cart)["code"] == ErrorCode.USERS_BAD_PARAMETER


@pytest.mark.parametrize("cart", ["", "[]", "null", None, []])
def test_an_empty_offline_cart_in_any_form_the_client_sends_logs_in(client, alice, cart):
    # The dadashop client stores '""' after a shopper empties the cart and sends "".
    answer = login(client, cart=cart)
    assert answer["code"] == 200 and answer["carts_count"] == 0


def test_a_missing_offline_cart_logs_in(client, alice):
    body = {"username": "alice", "password": PASSWORD}
    answer = client.post("/v1/tokens", json.dumps(body), content_type="application/json")
    assert answer.json()["code"] == 200
