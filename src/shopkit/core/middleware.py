"""Keeps every response under the API prefix a JSON envelope.

Place it after ``CommonMiddleware`` in ``MIDDLEWARE``: it then turns an API
404 into an envelope before ``CommonMiddleware`` could answer it with an
``APPEND_SLASH`` redirect, which the API contract forbids.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from shopkit.core.envelope import api_subpath, exception_response, status_response


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if api_subpath(request) is None or response.status_code < 400:
            return response
        return status_response(request, response.status_code)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if api_subpath(request) is None:
            return None
        return exception_response(request, exception)
