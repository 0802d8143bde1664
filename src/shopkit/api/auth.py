"""JWT authentication for the API: ``Authorization: <jwt>`` or ``Bearer <jwt>``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from ninja.security import APIKeyHeader

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import NotLoggedIn, ShopkitError
from shopkit.core.tokens import token_from_header, user_for_token


class JWTAuth(APIKeyHeader):
    """Authenticates the token's user; ninja answers ``None`` with "Please login"."""

    param_name = "Authorization"
    openapi_description = "A shopkit JWT, raw or after `Bearer `."

    def _get_key(self, request: HttpRequest) -> str | None:
        # The one header from META: ``request.headers`` would copy them all first.
        return request.META.get("HTTP_AUTHORIZATION")

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if not key:
            return None
        try:
            user = user_for_token(token_from_header(key))
        except NotLoggedIn:
            return None
        request.user = user
        return user


def require_path_user(request: HttpRequest, username: str, mismatch: ErrorCode) -> AbstractBaseUser:
    """The authenticated user, if it is the ``<u>`` of the path; else ``mismatch``."""
    user = request.auth  # type: ignore[attr-defined]
    if user.get_username() != username:
        raise ShopkitError(mismatch)
    return user
