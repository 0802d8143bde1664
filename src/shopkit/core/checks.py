"""System checks for a host project's shopkit wiring."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.db import connections

API_MIDDLEWARE = "shopkit.core.middleware.ApiErrorMiddleware"
COMMON_MIDDLEWARE = "django.middleware.common.CommonMiddleware"
CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
CART_MIDDLEWARE = "shopkit.cart.middleware.CartMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


def check_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    messages = _expect_after(
        middleware,
        API_MIDDLEWARE,
        COMMON_MIDDLEWARE,
        missing=("API errors may be HTML pages.", "shopkit.W001"),
        misplaced=("comes before CommonMiddleware: API paths may be redirected.", "shopkit.W002"),
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
    messages += _expect_after(
        middleware,
        CART_MIDDLEWARE,
        AUTH_MIDDLEWARE,
        missing=("anonymous shoppers' carts are never saved.", "shopkit.W004"),
        misplaced=("comes before AuthenticationMiddleware.", "shopkit.W005"),
    )
    return messages


def check_databases(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Placement copies the address into the order with ``INSERT … RETURNING``
    (``shopkit.core.prepared``), which every database must support."""
    return [
        Error(
            f"Database {alias!r} cannot return columns from INSERT, which placing orders needs.",
            hint="Use PostgreSQL, or SQLite 3.35 or newer.",
            id="shopkit.E001",
        )
        for alias in settings.DATABASES
        if not connections[alias].features.can_return_columns_from_insert
    ]


def _expect_after(
    middleware: list[str],
    name: str,
    after: str,
    *,
    missing: tuple[str, str],
    misplaced: tuple[str, str],
) -> list[CheckMessage]:
    """A warning when ``name`` is missing from ``middleware``, or comes before ``after``."""
    after_class = after.rsplit(".", 1)[-1]
    if name not in middleware:
        text, check_id = missing
        return [
            Warning(
                f"{name} is not in MIDDLEWARE: {text}",
                hint=f"Add it after {after_class}.",
                id=check_id,
            )
        ]
    if after in middleware and middleware.index(name) < middleware.index(after):
        text, check_id = misplaced
        return [Warning(f"{name} {text}", hint=f"Move it after {after_class}.", id=check_id)]
    return []
