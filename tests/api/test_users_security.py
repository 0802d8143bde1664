"""Security of the users API: bad tokens and other shoppers' addresses."""

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.utils import timezone

from shopkit.accounts.models import Address
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token

pytestmark = pytest.mark.django_db

ADDRESS = {"receiver": "张三", "address": "北京", "receiver_mobile": "13612345678", "tag": "家"}


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def bad_tokens(user) -> dict[str, str]:
    claims = {
        "uid": user.pk,
        "username": user.get_username(),
        "exp": int((timezone.now() + timedelta(hours=1)).timestamp()),
    }
    header, payload, signature = issue_token(user).split(".")
    tampered = json.loads(base64.urlsafe_b64decode(payload + "=="))
    tampered["uid"] = user.pk + 1000
    return {
        "alg_none": f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}.",
        "expired": issue_token(user, lifetime=-10),
        "tampered": f"{header}.{b64(tampered)}.{signature}",
        "other_key": jwt.encode(claims, "another-key-0123456789-abcdefghijklmnop", "HS256"),
        "missing": "",
    }


def endpoints(username: str, address_id: int) -> list[tuple[str, str, dict | None]]:
    base = f"/v1/users/{username}"
    return [
        ("get", f"{base}/address", None),
        ("post", f"{base}/address", {**ADDRESS, "receiver_phone": "13612345678"}),
        ("put", f"{base}/address/{address_id}", {**ADDRESS, "id": address_id}),
        ("delete", f"{base}/address/{address_id}", {"id": address_id}),
        ("post", f"{base}/address/default", {"id": address_id}),
        (
            "post",
            f"{base}/password",
            {"oldpassword": "x", "password1": "n3w-Passw0rd!", "password2": "n3w-Passw0rd!"},
        ),
    ]


def call(client, method, path, body, token):
    extra = {"HTTP_AUTHORIZATION": token} if token else {}
    send = getattr(client, method)
    if body is None:
        return send(path, **extra).json()
    return send(path, json.dumps(body), content_type="application/json", **extra).json()


@pytest.fixture
def bobs_address(bob):
    return Address.objects.create(user=bob, is_default=True, **ADDRESS)


@pytest.mark.parametrize("kind", ["alg_none", "expired", "tampered", "other_key", "missing"])
def test_bad_tokens_get_the_403_envelope_on_every_endpoint(client, alice, kind):
    token = bad_tokens(alice)[kind]
    for method, path, body in endpoints("alice", 1):
        answer = call(client, method, path, body, token)
        assert answer == {"code": 403, "error": "请登录", "errmsg": "请登录"}, path


def test_a_token_cannot_use_another_shoppers_paths(client, alice, bob, bobs_address):
    token = issue_token(alice)
    for method, path, body in endpoints("bobby", bobs_address.pk):
        answer = call(client, method, path, body, token)
        assert answer["code"] == ErrorCode.USERS_USER_MISMATCH, path
    assert Address.objects.filter(user=alice).count() == 0
    bobs_address.refresh_from_db()
    assert (bobs_address.receiver, bobs_address.is_deleted) == ("张三", False)


def test_another_shoppers_address_id_is_not_found_on_own_paths(client, alice, bob, bobs_address):
    token = issue_token(alice)
    for method, path, body in endpoints("alice", bobs_address.pk)[2:5]:
        answer = call(client, method, path, body, token)
        assert answer["code"] == ErrorCode.USERS_ADDRESS_NOT_FOUND, path
        assert "张三" not in json.dumps(answer, ensure_ascii=False)
    listed = call(client, "get", "/v1/users/alice/address", None, token)
    assert listed["addresslist"] == []
    bobs_address.refresh_from_db()
    assert (bobs_address.is_default, bobs_address.is_deleted) == (True, False)
