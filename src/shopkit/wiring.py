"""How a host project wires shopkit in: the middleware it needs, where each
goes, and the defaults shopkit supplies for the third-party apps it brings.

``shopkit.middleware(MIDDLEWARE)`` (re-exported by the package) is called from
a settings module, so this module reads no Django settings at import time.
The system checks in :mod:`shopkit.core.checks` hold a project to the same
placement rules the helper applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

SESSION_MIDDLEWARE = "django.contrib.sessions.middleware.SessionMiddleware"
COMMON_MIDDLEWARE = "django.middleware.common.CommonMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
CORS_MIDDLEWARE = "corsheaders.middleware.CorsMiddleware"
LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"
API_MIDDLEWARE = "shopkit.core.middleware.ApiErrorMiddleware"
CART_MIDDLEWARE = "shopkit.cart.middleware.CartMiddleware"


@dataclass(frozen=True)
class Placement:
    """Where one middleware goes: first in the list, or right after ``after``."""

    path: str
    after: str | None
    why: str

    @property
    def line(self) -> str:
        return f'"{self.path}",'


#: The middleware ``shopkit.middleware()`` adds, in the order it adds them.
PLACEMENTS = (
    # As high as possible: before anything that can answer, such as CommonMiddleware.
    Placement(CORS_MIDDLEWARE, None, "a front end on another origin cannot call the API"),
    # Reads the session's language, so after SessionMiddleware.
    Placement(LOCALE_MIDDLEWARE, SESSION_MIDDLEWARE, "pages ignore the shopper's language"),
    # Turns API 404s into envelopes before CommonMiddleware could redirect them.
    Placement(API_MIDDLEWARE, COMMON_MIDDLEWARE, "API errors may be HTML pages"),
    # Needs request.user to pick the cart store.
    Placement(CART_MIDDLEWARE, AUTH_MIDDLEWARE, "anonymous shoppers' carts are never saved"),
)


def middleware(existing: Sequence[str]) -> list[str]:
    """``MIDDLEWARE`` with shopkit's middleware added where each belongs.

    Middleware already listed stays where it is (the system checks report a
    misplaced one), so calling this twice changes nothing.
    """
    result = list(existing)
    for placement in PLACEMENTS:
        if placement.path in result:
            continue
        if placement.after is None:
            result.insert(0, placement.path)
            continue
        if placement.after not in result:
            raise ImproperlyConfigured(
                f"shopkit.middleware() needs {placement.after} in MIDDLEWARE to place "
                f"{placement.path} after it."
            )
        result.insert(result.index(placement.after) + 1, placement.path)
    return result


def apply_third_party_defaults(settings: Any) -> None:
    """Give the third-party apps shopkit brings the settings a shop needs,
    unless the project set them.

    Called while the app registry is being populated, before haystack is
    imported: haystack reads ``HAYSTACK_CONNECTIONS`` at import time.
    """
    if not hasattr(settings, "HAYSTACK_CONNECTIONS"):
        settings.HAYSTACK_CONNECTIONS = {"default": default_search_connection(settings)}
    if not hasattr(settings, "CORS_URLS_REGEX"):
        # Only the API answers other origins; which origins is the project's call.
        prefix = getattr(settings, "SHOPKIT_API_PATH_PREFIX", "/v1/")
        settings.CORS_URLS_REGEX = rf"^{prefix}.*$"


def default_search_connection(settings: Any) -> dict[str, str]:
    """The Chinese Whoosh index under ``BASE_DIR`` (which ``startproject`` and
    ``wagtail start`` both define)."""
    base_dir = getattr(settings, "BASE_DIR", None)
    if base_dir is None:
        raise ImproperlyConfigured(
            "shopkit keeps its search index under BASE_DIR, which your settings do not "
            "define. Add BASE_DIR = Path(__file__).resolve().parent.parent, or set "
            "HAYSTACK_CONNECTIONS (see the search docs)."
        )
    return {
        "ENGINE": "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine",
        "PATH": str(Path(base_dir) / "whoosh_index"),
    }
