"""The one place that shapes JSON API responses.

Success: ``{"code": 200, ...}``. Failure: ``{"code": N, "error": message,
"errmsg": message, ...}``. Always HTTP 200, as the dadashop front end expects.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse

from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode, bad_parameter_code_for_path
from shopkit.core.exceptions import ShopkitError


def success(**payload: Any) -> dict[str, Any]:
    return {"code": int(ErrorCode.OK), **payload}


def failure(code: ErrorCode, message: str | None = None, **data: Any) -> dict[str, Any]:
    message = message or code.message
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
