"""API tokens: JWT signed HS256, ``exp`` required, the algorithm pinned.

Pinning ``algorithms=["HS256"]`` on decode is what rejects ``alg: none`` and
algorithm-confusion tokens; requiring ``exp`` rejects tokens that never expire.

A token also carries ``pwd``, a keyed hash of the user's password hash (as
Django's sessions carry ``get_session_auth_hash()``): changing or resetting
the password changes it, so every token issued before dies with the old
password. Deactivated users are refused by the active check.

The user a token names is read from the ``"token"`` cache purpose, not the
database, on every call (:func:`active_user`; the storefront's sessions read
their user the same way, through ``shopkit.accounts.backends``): each entry
records the user's version, which :func:`forget_token_user` bumps whenever
the user is saved or deleted (the accounts app connects it), so a password
change, reset or deactivation refuses old tokens and sessions on the very
next call.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import jwt
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from shopkit.conf import app_settings
from shopkit.core import tracked_cache
from shopkit.core.backends import CachePurpose, bump_version, soft_cache
from shopkit.core.exceptions import NotLoggedIn

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "uid", "username", "pwd"]
PASSWORD_SALT = "shopkit.core.tokens.password"
USER_KEY = "shopkit:token-user:"
VERSION_KEY = "shopkit:token-user-version:"
#: Bounds how long an entry could outlive a version bump lost while the cache was down.
USER_TIMEOUT = 5 * 60
#: Verified payloads a worker keeps; past it, it starts again empty.
VERIFIED_MAX = 10_000

#: ``(signing key, token)`` → the payload its signature was verified for. The
#: payload of a token string never changes, so each worker checks a token's
#: signature once (most of what authenticating an API call costs) and after
#: that only its expiry; the key is part of the entry, so tokens of a key
#: that was replaced are checked again, and refused.
_verified: dict[tuple[str, str], Mapping[str, Any]] = {}


def password_fingerprint(user: AbstractBaseUser) -> str:
    """A keyed hash of ``user``'s password hash; it changes with the password."""
    return _fingerprint(user.password or "", app_settings.JWT_SECRET_KEY)


# Every API call compares its token's fingerprint: each worker computes one
# per password hash and key once.
@functools.lru_cache(maxsize=VERIFIED_MAX)
def _fingerprint(password_hash: str, secret: str) -> str:
    fingerprint = salted_hmac(PASSWORD_SALT, password_hash, secret=secret, algorithm="sha256")
    return fingerprint.hexdigest()[:32]


def issue_token(user: AbstractBaseUser, lifetime: int | None = None) -> str:
    now = timezone.now()
    payload = {
        "uid": user.pk,
        "username": user.get_username(),
        "pwd": password_fingerprint(user),
        "iat": now,
        "exp": now + timedelta(seconds=lifetime or app_settings.JWT_LIFETIME),
    }
    return jwt.encode(payload, app_settings.JWT_SECRET_KEY, algorithm=ALGORITHM)


def read_token(token: str) -> Mapping[str, Any]:
    """The verified payload of ``token``; ``NotLoggedIn`` if it is not valid now."""
    key = (app_settings.JWT_SECRET_KEY, token)
    payload = _verified.get(key)
    if payload is not None:
        # PyJWT's rule (no leeway): expired once ``exp`` is not in the future.
        if payload["exp"] <= time.time():
            raise NotLoggedIn()
        return payload
    try:
        payload = jwt.decode(
            token,
            key[0],
            algorithms=[ALGORITHM],
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise NotLoggedIn() from exc
    if len(_verified) >= VERIFIED_MAX:
        _verified.clear()
    _verified[key] = payload
    return payload


def token_from_header(header_value: str) -> str:
    """Accept both ``Authorization: <jwt>`` and ``Authorization: Bearer <jwt>``."""
    scheme, _, rest = header_value.strip().partition(" ")
    return rest.strip() if scheme.lower() == "bearer" else header_value.strip()


def _bump_version(user_id: Any) -> None:
    # During an outage reads go to the database: nothing cached to go stale.
    cache = soft_cache(CachePurpose.TOKEN)
    bump_version(cache, f"{VERSION_KEY}{user_id}")
    tracked_cache.forget(cache, [f"{VERSION_KEY}{user_id}"])


def forget_token_user(user_id: Any) -> None:
    """Make the cached record of ``user_id`` stale, now and once the current
    transaction commits (a reader between the two may cache the row as it was
    before the commit; the second bump makes that entry stale too)."""
    _bump_version(user_id)
    transaction.on_commit(lambda: _bump_version(user_id), robust=True)


def active_user(user_id: Any) -> AbstractBaseUser | None:
    """The active user ``user_id``, or ``None``, cached until :func:`forget_token_user`.

    No query while the entry is fresh, and on Redis no round trip either once
    this worker has read it (:mod:`shopkit.core.tracked_cache`), nor decoding:
    the worker keeps the user it decoded and answers a copy of it.
    """
    cache = soft_cache(CachePurpose.TOKEN)
    key, version_key = f"{USER_KEY}{user_id}", f"{VERSION_KEY}{user_id}"
    found = tracked_cache.get_many(cache, [key, version_key], shared=True)
    # The version is read before the database: a save committed after this
    # read bumps it, so the entry written below is stale at once.
    version = found.get(version_key)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return _own_copy(entry[1])
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    cache.set(key, (version, user), USER_TIMEOUT)
    tracked_cache.forget(cache, [key])
    return user


def _own_copy(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """The caller's own copy of a cached user: a change to it must not reach
    the next request. As ``Model.from_db`` makes one: the field values, and a
    state of its own (so no related object cached on the shared one)."""
    if user is None:
        return None
    copied = type(user).__new__(type(user))
    copied.__dict__.update(user.__dict__)
    copied._state = ModelState()
    copied._state.adding, copied._state.db = False, user._state.db
    return copied


def user_for_token(token: str) -> AbstractBaseUser:
    """The active user ``token`` was issued to, if their password has not
    changed since; ``NotLoggedIn`` otherwise."""
    payload = read_token(token)
    user = active_user(payload["uid"])
    if (
        user is None
        or user.get_username() != payload["username"]
        or not isinstance(payload["pwd"], str)
        or not constant_time_compare(payload["pwd"], password_fingerprint(user))
    ):
        raise NotLoggedIn()
    return user
