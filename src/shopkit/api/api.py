"""The ``/v1/`` NinjaAPI instance and the handlers that keep every answer an envelope."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from shopkit import __version__
from shopkit.api import addresses, carts, goods, orders, pays, tokens, users
from shopkit.core.codes import ErrorCode, bad_parameter_code_for_path
from shopkit.core.envelope import (
    api_subpath,
    code_for_http_status,
    error_response,
    failure,
    json_envelope,
)
from shopkit.core.exceptions import ShopkitError
from shopkit.core.parsers import ShopkitParser

logger = logging.getLogger(__name__)


def _subpath(request: HttpRequest) -> str:
    return api_subpath(request) or ""


def on_shopkit_error(request: HttpRequest, exc: ShopkitError) -> HttpResponse:
    return error_response(exc)


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    code = bad_parameter_code_for_path(_subpath(request))
    return json_envelope(failure(code, describe_validation_errors(exc.errors)))


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return json_envelope(failure(ErrorCode.NOT_LOGGED_IN))


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = code_for_http_status(exc.status_code, _subpath(request))
    return json_envelope(failure(code, str(exc) or None))


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return json_envelope(failure(ErrorCode.NOT_FOUND))


def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled API error in %s %s", request.method, request.path, exc_info=exc)
    return json_envelope(failure(ErrorCode.SERVER_ERROR))


def install_envelope_handlers(ninja_api: NinjaAPI) -> None:
    """Make every error ``ninja_api`` can raise an HTTP 200 envelope."""
    ninja_api.add_exception_handler(ShopkitError, on_shopkit_error)
    ninja_api.add_exception_handler(ValidationError, on_validation_error)
    ninja_api.add_exception_handler(AuthenticationError, on_authentication_error)
    ninja_api.add_exception_handler(HttpError, on_http_error)
    ninja_api.add_exception_handler(Http404, on_not_found)
    ninja_api.add_exception_handler(Exception, on_unexpected_error)


def build_api() -> NinjaAPI:
    ninja_api = NinjaAPI(
        title="shopkit API",
        version=__version__,
        description="The shopkit JSON API. Every answer is HTTP 200 with a `code` envelope.",
        urls_namespace="shopkit_api",
        parser=ShopkitParser(),
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
    install_envelope_handlers(ninja_api)
    ninja_api.add_router("/carts", carts.router)
    ninja_api.add_router("/goods", goods.router)
    ninja_api.add_router("/orders", orders.router)
    ninja_api.add_router("/pays", pays.router)
    ninja_api.add_router("/users", users.router)
    ninja_api.add_router("/users", addresses.router)
    ninja_api.add_router("/tokens", tokens.router)
    return ninja_api


def describe_validation_errors(errors: list[dict]) -> str:
    """One readable line per invalid field, e.g. ``count: Input should be greater than 0``."""
    lines = []
    for error in errors:
        field = ".".join(str(part) for part in error.get("loc", ())[-1:]) or "body"
        lines.append(f"{field}: {error.get('msg', 'invalid')}")
    return "; ".join(lines)


api = build_api()
