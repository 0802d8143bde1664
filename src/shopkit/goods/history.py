"""Browse history: the last five distinct SKUs a shopper viewed, newest first.

With a django-redis cache it is a Redis list kept by LREM + LPUSH + LTRIM in
one pipeline; any other cache stores the same list as a value. History is a
convenience: while the cache is down nothing is recorded and nothing is
shown (logged once per outage window), and pages still render.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache.backends.base import BaseCache

from shopkit.core.backends import (
    CachePurpose,
    get_cache,
    is_cache_outage,
    log_cache_outage,
    soft_cache,
)
from shopkit.goods.models import SKU

HISTORY_LENGTH = 5


def _key(user: AbstractBaseUser) -> str:
    return f"shopkit:history:{user.pk}"


def _redis_client(cache: BaseCache) -> Any | None:
    try:
        from django_redis.cache import RedisCache
    except ImportError:
        return None
    return cache.client.get_client(write=True) if isinstance(cache, RedisCache) else None


def record_view(user: AbstractBaseUser, sku_id: int) -> None:
    cache = get_cache(CachePurpose.HISTORY)
    client = _redis_client(cache)
    if client is not None:
        key = cache.make_key(_key(user))
        pipeline = client.pipeline()
        pipeline.lrem(key, 0, sku_id)
        pipeline.lpush(key, sku_id)
        pipeline.ltrim(key, 0, HISTORY_LENGTH - 1)
        try:
            pipeline.execute()
        except Exception as exc:
            if not is_cache_outage(exc):
                raise
            log_cache_outage("history", exc, "views are not recorded")
        return
    soft = soft_cache(CachePurpose.HISTORY)
    ids = [sku_id, *(i for i in soft.get(_key(user), []) if i != sku_id)]
    soft.set(_key(user), ids[:HISTORY_LENGTH], timeout=None)


def recent_sku_ids(user: AbstractBaseUser) -> list[int]:
    cache = get_cache(CachePurpose.HISTORY)
    client = _redis_client(cache)
    if client is not None:
        try:
            raws = client.lrange(cache.make_key(_key(user)), 0, HISTORY_LENGTH - 1)
        except Exception as exc:
            if not is_cache_outage(exc):
                raise
            log_cache_outage("history", exc, "no history is shown")
            return []
        return [int(raw) for raw in raws]
    return list(soft_cache(CachePurpose.HISTORY).get(_key(user), []))


def recent_views(user: AbstractBaseUser) -> list[SKU]:
    """The SKUs ``user`` viewed last, newest first (ones no longer on sale are skipped)."""
    ids = recent_sku_ids(user)
    skus = SKU.objects.launched().in_bulk(ids)
    return [skus[pk] for pk in ids if pk in skus]
