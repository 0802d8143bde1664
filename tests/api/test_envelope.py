"""The API conventions of API.md §1, through the real middleware and handlers."""

import json
import logging

import pytest

from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token

PROBE = "/v1/carts/alice/probe"


@pytest.fixture
def alice_token(alice):
    return issue_token(alice)


def test_json_body_is_parsed_whatever_the_content_type(client, alice_token):
    response = client.post(
        PROBE,
        data=json.dumps({"sku_id": "3", "count": 2}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=alice_token,
    )
    assert response.status_code == 200
    assert response.json() == {"code": 200, "username": "alice", "data": {"sku_id": 3, "count": 2}}


def test_form_body_is_the_fallback(client, alice_token):
    response = client.post(
        PROBE, data={"sku_id": "4", "count": "1"}, HTTP_AUTHORIZATION=f"Bearer {alice_token}"
    )
    assert response.json()["data"] == {"sku_id": 4, "count": 1}


def test_delete_and_put_carry_json_bodies(client, alice_token):
    for method in (client.delete, client.put):
        response = method(
            PROBE, data=json.dumps({"sku_id": 5, "count": 1}), HTTP_AUTHORIZATION=alice_token
        )
        assert response.json()["data"] == {"sku_id": 5, "count": 1}


@pytest.mark.parametrize(
    "body",
    [
        {"sku_id": 1, "count": 0},
        {"sku_id": 1, "count": -2},
        {"sku_id": "x", "count": 1},
        {"sku_id": 1, "count": 10**9},
        {"sku_id": 1},
    ],
)
def test_bad_parameters_get_the_modules_code(client, alice_token, body):
    response = client.post(
        PROBE,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=alice_token,
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["code"] == ErrorCode.CARTS_BAD_PARAMETER
    assert payload["error"] == payload["errmsg"] and payload["error"]


def test_json_that_is_not_an_object_is_a_bad_parameter(client, alice_token):
    response = client.post(
        PROBE, data="[1, 2]", content_type="application/json", HTTP_AUTHORIZATION=alice_token
    )
    assert response.json()["code"] == ErrorCode.CARTS_BAD_PARAMETER


@pytest.mark.parametrize("header", [None, "garbage", "Bearer a.b.c"])
def test_missing_or_bad_token_asks_to_login(client, db, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.post(
        PROBE, data=json.dumps({"sku_id": 1, "count": 1}), content_type="application/json", **extra
    )
    assert response.status_code == 200
    assert response.json() == {"code": 403, "error": "请登录", "errmsg": "请登录"}


def test_path_user_must_match_token_user(client, alice_token, bob):
    response = client.post(
        f"/v1/carts/{bob.username}/probe",
        data=json.dumps({"sku_id": 1, "count": 1}),
        content_type="application/json",
        HTTP_AUTHORIZATION=alice_token,
    )
    assert response.json()["code"] == ErrorCode.CARTS_USER_MISMATCH


def test_unexpected_error_is_a_logged_500_envelope_not_html(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/v1/orders/boom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == 500
    assert "probe failure" in caplog.text


def test_error_in_a_plain_django_view_under_the_api_is_an_envelope(client, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/v1/goods/plain-boom")
    assert response.json()["code"] == 500
    assert "failure outside ninja" in caplog.text


def test_unknown_api_path_is_an_envelope_and_never_redirects(client, db):
    for path in ("/v1/no/such/path", "/v1/orders/boom/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json()["code"] == ErrorCode.NOT_FOUND


def test_wrong_method_is_an_envelope(client, alice_token):
    response = client.get(PROBE, HTTP_AUTHORIZATION=alice_token)
    assert response.json()["code"] == ErrorCode.METHOD_NOT_ALLOWED


def test_non_api_paths_keep_normal_http_errors(client, db):
    assert client.get("/no-such-page/").status_code == 404
