"""The authentication backend that reads a session's user without a query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser

from shopkit.core.tokens import active_user


class CachedUserBackend(ModelBackend):
    """Django's ``ModelBackend`` whose :meth:`get_user` (every request of a
    logged-in session) reads the user from the versioned per-user cache that
    API tokens use, instead of a ``SELECT``.

    Saving or deleting the user bumps its version (``shopkit.core.tokens``),
    so a deactivation or a password change logs the user's sessions out on
    their next request, as the database would. Logging in (``authenticate``)
    and permissions are ``ModelBackend``'s.
    """

    def get_user(self, user_id: Any) -> AbstractBaseUser | None:
        return active_user(user_id)
