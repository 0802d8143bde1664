"""System checks for a host project's shopkit wiring."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning

API_MIDDLEWARE = "shopkit.core.middleware.ApiErrorMiddleware"
COMMON_MIDDLEWARE = "django.middleware.common.CommonMiddleware"
CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
CART_MIDDLEWARE = "shopkit.cart.middleware.CartMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


def check_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    messages: list[CheckMessage] = []
    if API_MIDDLEWARE not in middleware:
        messages.append(
            Warning(
                f"{API_MIDDLEWARE} is not in MIDDLEWARE: API errors may be HTML pages.",
                hint="Add it after CommonMiddleware.",
                id="shopkit.W001",
            )
        )
    elif COMMON_MIDDLEWARE in middleware and middleware.index(API_MIDDLEWARE) < middleware.index(
        COMMON_MIDDLEWARE
    ):
        messages.append(
            Warning(
                f"{API_MIDDLEWARE} comes before CommonMiddleware: API paths may be redirected.",
                hint="Move it after CommonMiddleware.",
                id="shopkit.W002",
            )
        )
    if CORS_MIDDLEWARE not in middleware:
        messages.append(
            Warning(
                f"{CORS_MIDDLEWARE} is not in MIDDLEWARE: a front end on another origin "
                "cannot call the API.",
                hint="Add it first in MIDDLEWARE and set CORS_URLS_REGEX to the API prefix.",
                id="shopkit.W003",
            )
        )
    if CART_MIDDLEWARE not in middleware:
        messages.append(
            Warning(
                f"{CART_MIDDLEWARE} is not in MIDDLEWARE: anonymous shoppers' carts are "
                "never saved.",
                hint="Add it after AuthenticationMiddleware.",
                id="shopkit.W004",
            )
        )
    elif AUTH_MIDDLEWARE in middleware and middleware.index(CART_MIDDLEWARE) < middleware.index(
        AUTH_MIDDLEWARE
    ):
        messages.append(
            Warning(
                f"{CART_MIDDLEWARE} comes before AuthenticationMiddleware.",
                hint="Move it after AuthenticationMiddleware.",
                id="shopkit.W005",
            )
        )
    return messages
