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
            refused = BadRequestData("Text must not contain NUL characters.")
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
