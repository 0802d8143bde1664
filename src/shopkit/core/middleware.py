"""Keeps every response under the API prefix a JSON envelope.

Place it after ``CommonMiddleware`` in ``MIDDLEWARE``: it then turns an API
404 into an envelope before ``CommonMiddleware`` could answer it with an
``APPEND_SLASH`` redirect, which the API contract forbids.

Input that cannot be read (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``,
malformed multipart, a NUL byte in the path) is answered with the path's
bad-parameter code before or instead of a server error.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop

from shopkit.conf import app_settings
from shopkit.core import routers
from shopkit.core.envelope import (
    api_subpath,
    bad_input_response,
    exception_response,
    status_response,
)
from shopkit.core.parsers import BadRequestData


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path and api_subpath(request) is not None:
            refused = BadRequestData(gettext_noop("Text must not contain NUL characters."))
            return bad_input_response(request, refused)
        response = self.get_response(request)
        if api_subpath(request) is None or response.status_code < 400:
            return response
        envelope = status_response(request, response.status_code)
        if response.has_header("Allow"):
            # RFC 9110: a 405 names the methods the path has, envelope or not.
            envelope["Allow"] = response["Allow"]
        return envelope

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if api_subpath(request) is None:
            return None
        return exception_response(request, exception)


#: The signed cookie that pins a shopper who wrote to the primary database.
PRIMARY_COOKIE = "shopkit_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReadYourWritesMiddleware:
    """Pins a shopper to the primary database for
    ``SHOPKIT_READ_YOUR_WRITES_SECONDS`` after a request of theirs wrote, so
    they never see a replica older than their own change (see
    :mod:`shopkit.core.routers`). Without it, every read goes to the primary.

    The pin is a signed, expiring cookie: it holds no data, and signing keeps
    clients from forcing every read onto the primary.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = app_settings.READ_YOUR_WRITES_SECONDS
        unsafe = request.method not in SAFE_METHODS
        pinned = unsafe or self._pinned(request, seconds)
        with routers.request_reads(pinned) as reads:
            response = self.get_response(request)
        if (unsafe or reads.wrote) and routers.replicas():
            response.set_signed_cookie(
                PRIMARY_COOKIE,
                "1",
                salt=PRIMARY_COOKIE,
                max_age=seconds,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    def _pinned(self, request: HttpRequest, seconds: int) -> bool:
        # The signature's timestamp, not the cookie's expiry, decides: a
        # client that keeps the cookie longer gains nothing.
        value = request.get_signed_cookie(
            PRIMARY_COOKIE, default=None, salt=PRIMARY_COOKIE, max_age=seconds
        )
        return value is not None
