"""System checks for a host project's shopkit wiring: middleware, URLs and
the Celery broker. Each message names the line to add. (What placing orders
needs of the database is checked by ``shopkit.orders.checks``.)"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Warning
from django.urls import NoReverseMatch, reverse

from shopkit.core.broker import CELERY_APP_HINT, has_broker, runs_tasks_in_process
from shopkit.wiring import (
    API_MIDDLEWARE,
    CART_MIDDLEWARE,
    CORS_MIDDLEWARE,
    PLACEMENTS,
    Placement,
)

MIDDLEWARE_HINT = "Write MIDDLEWARE = shopkit.middleware(MIDDLEWARE) after MIDDLEWARE, or add"

#: Middleware without which a request can fail or data is lost, with the ids
#: of the "missing" and "misplaced" errors.
REQUIRED_MIDDLEWARE = {
    API_MIDDLEWARE: ("shopkit.E002", "shopkit.E003"),
    CART_MIDDLEWARE: ("shopkit.E004", "shopkit.E005"),
}

#: One URL name per namespace the one include (``shopkit.urls``) registers.
SHOPKIT_URL_NAMES = (
    ("shopkit_storefront:index", {}),
    ("shopkit_accounts:login", {}),
    ("shopkit_orders:list", {}),
    ("shopkit_payments:result", {}),
    ("shopkit_pays_notify", {"provider": "sandbox"}),
    ("shopkit_api:openapi-json", {}),
)
URLS_LINE = 'path("", include("shopkit.urls")),'


def check_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    messages: list[CheckMessage] = []
    for placement in PLACEMENTS:
        if placement.path in REQUIRED_MIDDLEWARE:
            messages += _check_placement(middleware, placement)
    if CORS_MIDDLEWARE not in middleware:
        messages.append(
            Warning(
                f"{CORS_MIDDLEWARE} is not in MIDDLEWARE: a front end on another origin "
                "cannot call the API.",
                hint=f"{MIDDLEWARE_HINT} {_cors().line} first in MIDDLEWARE.",
                id="shopkit.W003",
            )
        )
    return messages


def _cors() -> Placement:
    return next(placement for placement in PLACEMENTS if placement.path == CORS_MIDDLEWARE)


def _check_placement(middleware: list[str], placement: Placement) -> list[CheckMessage]:
    missing_id, misplaced_id = REQUIRED_MIDDLEWARE[placement.path]
    after_class = str(placement.after).rsplit(".", 1)[-1]
    if placement.path not in middleware:
        return [
            Error(
                f"{placement.path} is not in MIDDLEWARE: {placement.why}.",
                hint=f"{MIDDLEWARE_HINT} {placement.line} right after {after_class}.",
                id=missing_id,
            )
        ]
    after = placement.after
    if after in middleware and middleware.index(placement.path) < middleware.index(after):
        return [
            Error(
                f"{placement.path} comes before {after_class}: {placement.why}.",
                hint=f"Move {placement.line} right after {after_class} in MIDDLEWARE.",
                id=misplaced_id,
            )
        ]
    return []


def check_urls(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every page links to every namespace, so one missing include is a 500 everywhere."""
    missing = []
    for name, url_kwargs in SHOPKIT_URL_NAMES:
        try:
            reverse(name, kwargs=url_kwargs)
        except NoReverseMatch:
            missing.append(name.split(":")[0])
    if not missing:
        return []
    return [
        Error(
            f"shopkit's URLs are not included in ROOT_URLCONF ({settings.ROOT_URLCONF}): "
            f"{', '.join(missing)} cannot be reversed, so shopkit's pages answer 500.",
            hint=f"Add {URLS_LINE} as the first entry of urlpatterns, before Wagtail's "
            "include(wagtail_urls) and any search/ route.",
            id="shopkit.E006",
        )
    ]


def check_broker(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Tasks without a broker would be sent to ``amqp://localhost`` and lost."""
    if runs_tasks_in_process():
        return [
            Info(
                "No Celery broker is configured: shopkit runs its tasks inside the web "
                "process while DEBUG is on.",
                hint=CELERY_APP_HINT,
                id="shopkit.I010",
            )
        ]
    if has_broker() or settings.DEBUG:
        return []
    ignored = ""
    if hasattr(settings, "CELERY_BROKER_URL"):
        ignored = " (CELERY_BROKER_URL is set, but no Celery app reads it)"
    return [
        Error(
            f"No Celery broker is configured{ignored}: shopkit's tasks (mail, search "
            "index, refunds) would be sent to amqp://localhost and lost.",
            hint=CELERY_APP_HINT,
            id="shopkit.E010",
        )
    ]
