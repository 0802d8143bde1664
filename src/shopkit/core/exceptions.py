"""Typed exceptions that carry an ``ErrorCode``. Services raise them; the API
turns them into the JSON envelope and the storefront into a page message."""

from __future__ import annotations

from typing import Any

from shopkit.core.codes import ErrorCode


class ShopkitError(Exception):
    """A failure the shopper or client should hear about, with its code.

    ``data`` holds extra top-level fields for the API envelope (for example
    the binding ticket ``uid`` of an unbound login-provider account).

    ``message`` is an English msgid marked with ``gettext_noop``: the envelope
    and the storefront translate it when they answer, in the request's
    language. A message that carries data is translated where it is raised
    (``gettext("%(name)s: sold out") % {...}``), which is inside the request.
    """

    default_code: ErrorCode = ErrorCode.SERVER_ERROR

    def __init__(self, code: ErrorCode | None = None, message: str | None = None, **data: Any):
        self.code = code if code is not None else self.default_code
        self.message = message or self.code.message
        self.data = data
        super().__init__(self.message)


class NotLoggedIn(ShopkitError):
    """No user, or a missing, expired or forged token."""

    default_code = ErrorCode.NOT_LOGGED_IN


class BadParameter(ShopkitError):
    """Input that failed validation; raise it with the module's bad-parameter code."""

    default_code = ErrorCode.USERS_BAD_PARAMETER


class ServiceUnavailable(ShopkitError):
    """A service the feature needs (Redis for the cart or codes) is down; nothing changed.

    Raised by ``shopkit.core.backends.required_cache`` and the cart stores; the
    API answers ``SERVICE_UNAVAILABLE``, the storefront shows its message.
    """

    default_code = ErrorCode.SERVICE_UNAVAILABLE
