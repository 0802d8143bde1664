"""The one place that shapes JSON API responses.

Success: ``{"code": 200, ...}``. Failure: ``{"code": N, "error": message,
"errmsg": message, ...}``. Always HTTP 200, as the dadashop front end expects.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext, gettext_noop

from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode, bad_parameter_code_for_path
from shopkit.core.exceptions import ShopkitError
from shopkit.core.parsers import BadRequestData

logger = logging.getLogger(__name__)


def success(**payload: Any) -> dict[str, Any]:
    return {"code": int(ErrorCode.OK), **payload}


def failure(code: ErrorCode, message: str | None = None, **data: Any) -> dict[str, Any]:
    # Messages travel as English msgids (or text already translated, which
    # gettext leaves alone) and are translated here, in the language
    # LocaleMiddleware activated for the request: Accept-Language, else LANGUAGE_CODE.
    message = gettext(message or code.message)
    return {"code": int(code), "error": message, "errmsg": message, **data}


def error_body(error: ShopkitError) -> dict[str, Any]:
    return failure(error.code, error.message, **error.data)


def json_envelope(body: dict[str, Any]) -> JsonResponse:
    """An HTTP 200 JSON response (Chinese text left readable)."""
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def error_response(error: ShopkitError) -> JsonResponse:
    return json_envelope(error_body(error))


def code_for_http_status(status: int, subpath: str) -> ErrorCode:
    """The envelope code for an HTTP error status raised at ``subpath`` of the API.

    A 400 is a bad parameter of the module owning the path.
    """
    if status == 400:
        return bad_parameter_code_for_path(subpath)
    try:
        code = ErrorCode(status)
    except ValueError:
        return ErrorCode.SERVER_ERROR
    return code if 400 <= status < 600 else ErrorCode.SERVER_ERROR


def api_subpath(request: HttpRequest) -> str | None:
    """The request path below the API prefix, or ``None`` outside the API."""
    prefix = app_settings.API_PATH_PREFIX
    return request.path[len(prefix) :] if request.path.startswith(prefix) else None


def status_response(request: HttpRequest, status: int, message: str | None = None) -> JsonResponse:
    """The envelope of an HTTP error ``status`` met while answering an API ``request``."""
    return json_envelope(failure(code_for_http_status(status, api_subpath(request) or ""), message))


def bad_input_response(request: HttpRequest, exc: Exception) -> JsonResponse:
    """The bad-parameter envelope of the module owning the path, for input
    refused before any view could look at it (nothing has been changed)."""
    if isinstance(exc, RequestDataTooBig):
        message = gettext_noop("The request body is too large.")
    elif isinstance(exc, BadRequestData):
        message = str(exc)
    else:
        message = gettext_noop("The request could not be read.")
    code = bad_parameter_code_for_path(api_subpath(request) or "")
    return json_envelope(failure(code, message))


def exception_response(request: HttpRequest, exc: Exception) -> JsonResponse:
    """The envelope of ``exc``, raised while answering an API ``request``.

    The API's exception handlers and ``ApiErrorMiddleware`` (for what is
    raised outside the API's views) both answer through here. An exception
    shopkit does not know is logged and answered ``SERVER_ERROR``; unreadable
    input (too large, malformed, NUL bytes) is the path's bad parameter.
    """
    if isinstance(exc, ShopkitError):
        return error_response(exc)
    if isinstance(exc, BadRequestData | MultiPartParserError | SuspiciousOperation):
        return bad_input_response(request, exc)
    if isinstance(exc, Http404):
        return json_envelope(failure(ErrorCode.NOT_FOUND))
    if isinstance(exc, PermissionDenied):
        return json_envelope(failure(ErrorCode.NOT_LOGGED_IN))
    logger.error("Unhandled API error in %s %s", request.method, request.path, exc_info=exc)
    return json_envelope(failure(ErrorCode.SERVER_ERROR))
