from django.core.cache import caches
from django.core.cache.backends.base import BaseCache

from shopkit import hookimpl
from shopkit.conf import app_settings


@hookimpl(trylast=True)
def shopkit_cache(purpose: str) -> BaseCache:
    return caches[app_settings.CACHE_ALIASES.get(purpose, "default")]
