"""System checks for carts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Error

#: Caches that live and die with one process.
PROCESS_LOCAL_CACHES = (LocMemCache, DummyCache)


def check_cart_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Shoppers' carts in a process-local cache vanish on every restart and are
    not shared between web processes; fine for development, data loss in production."""
    from shopkit.core.backends import CachePurpose, get_cache

    if settings.DEBUG:
        return []
    cache = get_cache(CachePurpose.CART)
    if not isinstance(cache, PROCESS_LOCAL_CACHES):
        return []
    return [
        Error(
            f"Carts are kept in {type(cache).__name__}, a cache local to one process, "
            "with DEBUG off: every restart empties them and each web process sees "
            "different carts.",
            hint='Point CACHES["default"] (or SHOPKIT_CACHE_ALIASES["cart"]) at Redis: '
            '{"BACKEND": "django_redis.cache.RedisCache", '
            '"LOCATION": "redis://127.0.0.1:6379/0"}.',
            id="shopkit.E011",
        )
    ]
