"""The cache contract on the caches shopkit runs on: local memory (the embedded
default) and Redis through django-redis."""

import os

import pytest
from django.core.cache.backends.locmem import LocMemCache

from shopkit.testing.cache import CacheContract


class TestLocMemCacheContract(CacheContract):
    def make_cache(self):
        return LocMemCache("shopkit-cache-contract", {})


@pytest.mark.services("redis")
class TestDjangoRedisCacheContract(CacheContract):
    def make_cache(self):
        from django_redis.cache import RedisCache

        return RedisCache(
            os.environ["REDIS_URL"],
            {"OPTIONS": {"COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor"}},
        )
