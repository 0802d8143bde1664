"""API tokens: JWT signed HS256, ``exp`` required, the algorithm pinned.

Pinning ``algorithms=["HS256"]`` on decode is what rejects ``alg: none`` and
algorithm-confusion tokens; requiring ``exp`` rejects tokens that never expire.

A token also carries ``pwd``, a keyed hash of the user's password hash (as
Django's sessions carry ``get_session_auth_hash()``): changing or resetting
the password changes it, so every token issued before dies with the old
password. Deactivated users are refused by the active check.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import jwt
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from shopkit.conf import app_settings
from shopkit.core.exceptions import NotLoggedIn

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "uid", "username", "pwd"]
PASSWORD_SALT = "shopkit.core.tokens.password"


def password_fingerprint(user: AbstractBaseUser) -> str:
    """A keyed hash of ``user``'s password hash; it changes with the password."""
    return salted_hmac(
        PASSWORD_SALT, user.password or "", secret=app_settings.JWT_SECRET_KEY, algorithm="sha256"
    ).hexdigest()[:32]


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


def read_token(token: str) -> dict[str, Any]:
    """The verified payload of ``token``; ``NotLoggedIn`` if it is not valid now."""
    try:
        return jwt.decode(
            token,
            app_settings.JWT_SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.PyJWTError as exc:
        raise NotLoggedIn() from exc


def token_from_header(header_value: str) -> str:
    """Accept both ``Authorization: <jwt>`` and ``Authorization: Bearer <jwt>``."""
    scheme, _, rest = header_value.strip().partition(" ")
    return rest.strip() if scheme.lower() == "bearer" else header_value.strip()


def user_for_token(token: str) -> AbstractBaseUser:
    """The active user ``token`` was issued to, if their password has not
    changed since; ``NotLoggedIn`` otherwise."""
    payload = read_token(token)
    user_model = get_user_model()
    user = user_model._default_manager.filter(pk=payload["uid"], is_active=True).first()
    if (
        user is None
        or user.get_username() != payload["username"]
        or not isinstance(payload["pwd"], str)
        or not constant_time_compare(payload["pwd"], password_fingerprint(user))
    ):
        raise NotLoggedIn()
    return user
