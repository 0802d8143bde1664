"""Keeps every response under the API prefix a JSON envelope.

Place it after ``CommonMiddleware`` in ``MIDDLEWARE``: it then turns an API
404 into an envelope before ``CommonMiddleware`` could answer it with an
``APPEND_SLASH`` redirect, which the API contract forbids.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import (
    api_subpath,
    code_for_http_status,
    error_response,
    failure,
    json_envelope,
)
from shopkit.core.exceptions import ShopkitError

logger = logging.getLogger(__name__)


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = api_subpath(request)
        if path is None or response.status_code < 400:
            return response
        return json_envelope(failure(code_for_http_status(response.status_code, path)))

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if api_subpath(request) is None:
            return None
        if isinstance(exception, ShopkitError):
            return error_response(exception)
        if isinstance(exception, Http404):
            return json_envelope(failure(ErrorCode.NOT_FOUND))
        if isinstance(exception, PermissionDenied):
            return json_envelope(failure(ErrorCode.NOT_LOGGED_IN))
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        return json_envelope(failure(ErrorCode.SERVER_ERROR))
