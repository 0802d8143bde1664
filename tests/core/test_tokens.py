import base64
import json
import time
from datetime import timedelta

import jwt
import pytest
from django.utils import timezone

from shopkit.conf import app_settings
from shopkit.core.exceptions import NotLoggedIn
from shopkit.core.tokens import issue_token, read_token, token_from_header, user_for_token


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_issued_token_identifies_its_user(alice):
    assert user_for_token(issue_token(alice)) == alice


def test_expired_token_is_rejected(alice):
    with pytest.raises(NotLoggedIn):
        read_token(issue_token(alice, lifetime=-1))


def test_a_token_read_before_expires_on_time(alice):
    # The second read is answered from the worker's verified payloads.
    token = issue_token(alice, lifetime=1)
    assert read_token(token)["uid"] == alice.pk
    time.sleep(1.1)
    with pytest.raises(NotLoggedIn):
        read_token(token)


def test_a_token_read_before_is_refused_once_the_signing_key_changes(alice, settings):
    token = issue_token(alice)
    assert read_token(token)["uid"] == alice.pk
    settings.SHOPKIT_JWT_SECRET_KEY = "a-new-key-of-sufficient-length-0123456789"
    with pytest.raises(NotLoggedIn):
        read_token(token)


def test_token_without_exp_is_rejected(alice, settings):
    token = jwt.encode(
        {"uid": alice.pk, "username": "alice"}, settings.SECRET_KEY, algorithm="HS256"
    )
    with pytest.raises(NotLoggedIn):
        read_token(token)


def test_tampered_payload_is_rejected(alice):
    header, payload, signature = issue_token(alice).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["uid"] = 999
    with pytest.raises(NotLoggedIn):
        read_token(f"{header}.{b64(claims)}.{signature}")


def test_alg_none_token_is_rejected(alice):
    claims = {
        "uid": alice.pk,
        "username": "alice",
        "exp": int((timezone.now() + timedelta(hours=1)).timestamp()),
    }
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    with pytest.raises(NotLoggedIn):
        read_token(unsigned)


def test_token_signed_with_another_key_is_rejected(alice):
    claims = {"uid": alice.pk, "username": "alice", "exp": timezone.now() + timedelta(hours=1)}
    forged = jwt.encode(claims, "another-key-of-sufficient-length-0123456789", algorithm="HS256")
    with pytest.raises(NotLoggedIn):
        read_token(forged)


def test_inactive_or_renamed_user_token_is_rejected(alice):
    token = issue_token(alice)
    alice.username = "alice2"
    alice.save()
    with pytest.raises(NotLoggedIn):
        user_for_token(token)
    alice.username, alice.is_active = "alice", False
    alice.save()
    with pytest.raises(NotLoggedIn):
        user_for_token(token)


def test_token_issued_before_a_password_change_is_rejected(alice):
    token = issue_token(alice)
    alice.set_password("n3w-Passw0rd!")
    alice.save(update_fields=["password"])
    with pytest.raises(NotLoggedIn):
        user_for_token(token)
    assert user_for_token(issue_token(alice)) == alice


def test_token_without_a_password_fingerprint_is_rejected(alice):
    claims = {"uid": alice.pk, "username": "alice", "exp": timezone.now() + timedelta(hours=1)}
    with pytest.raises(NotLoggedIn):
        user_for_token(jwt.encode(claims, app_settings.JWT_SECRET_KEY, algorithm="HS256"))
    claims["pwd"] = 12345
    with pytest.raises(NotLoggedIn):
        user_for_token(jwt.encode(claims, app_settings.JWT_SECRET_KEY, algorithm="HS256"))


def test_header_accepts_raw_and_bearer_tokens():
    assert token_from_header("abc.def.ghi") == "abc.def.ghi"
    assert token_from_header("Bearer abc.def.ghi") == "abc.def.ghi"
    assert token_from_header("bearer   abc.def.ghi ") == "abc.def.ghi"
