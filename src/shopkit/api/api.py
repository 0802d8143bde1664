"""The ``/v1/`` NinjaAPI, with the routers plugins add, and the handlers that
keep every answer an envelope."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from shopkit import __version__
from shopkit.api import addresses, carts, goods, orders, pays, phone_login, tokens, users
from shopkit.api.openapi import EnvelopeNinjaAPI
from shopkit.api.validation import describe_validation_errors
from shopkit.core.codes import ErrorCode, bad_parameter_code_for_path
from shopkit.core.envelope import (
    api_subpath,
    bad_input_response,
    exception_response,
    failure,
    json_envelope,
    status_response,
)
from shopkit.core.exceptions import ShopkitError
from shopkit.core.parsers import BadRequestData, ShopkitParser
from shopkit.core.surface import api_routers
from shopkit.plugins import plugins_changed

#: The URL namespace of every API operation (``reverse("shopkit_api:…")``).
API_NAMESPACE = "shopkit_api"


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    code = bad_parameter_code_for_path(api_subpath(request) or "")
    return json_envelope(failure(code, describe_validation_errors(exc.errors)))


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return json_envelope(failure(ErrorCode.NOT_LOGGED_IN))


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BadRequestData):
        # ninja words every unreadable body "Cannot parse request body"; the parser says why.
        return bad_input_response(request, exc.__cause__)
    return status_response(request, exc.status_code, str(exc) or None)


def install_envelope_handlers(ninja_api: NinjaAPI) -> None:
    """Make every error ``ninja_api`` can raise an HTTP 200 envelope."""
    ninja_api.add_exception_handler(ValidationError, on_validation_error)
    ninja_api.add_exception_handler(AuthenticationError, on_authentication_error)
    ninja_api.add_exception_handler(HttpError, on_http_error)
    # Http404 has a handler of ninja's own, so it is named, not left to Exception.
    for exc_class in (ShopkitError, Http404, Exception):
        ninja_api.add_exception_handler(exc_class, exception_response)


def build_api() -> NinjaAPI:
    """shopkit's routers, then every plugin's (``shopkit_api_routers``), under
    the envelope handlers."""
    ninja_api = EnvelopeNinjaAPI(
        title="shopkit API",
        version=__version__,
        description="The shopkit JSON API. Every answer is HTTP 200 with a `code` envelope.",
        urls_namespace=API_NAMESPACE,
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
    ninja_api.add_router("/users", phone_login.router)
    ninja_api.add_router("/tokens", tokens.router)
    for prefix, router in api_routers():
        ninja_api.add_router(prefix, router)
    return ninja_api


@cache
def get_api() -> NinjaAPI:
    """The API for the current plugins, built on first use and again after they change.

    A new ``NinjaAPI`` rather than routers added to the old one: ninja cannot
    take a router back, and its URLs are fixed once read.
    """
    return build_api()


@receiver(plugins_changed, dispatch_uid="shopkit.api.api.plugins_changed")
def forget_api(**kwargs: Any) -> None:
    get_api.cache_clear()


def __getattr__(name: str) -> Any:
    # ``from shopkit.api.api import api``: the API for the plugins of that moment.
    if name == "api":
        return get_api()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
