"""A session engine: Django's ``cached_db`` that falls back to the database
while the cache is down.

``SESSION_ENGINE = "shopkit.accounts.sessions"`` reads a session from
``caches[SESSION_CACHE_ALIAS]`` and writes it to the database and the cache,
as ``django.contrib.sessions.backends.cached_db`` does. Django's engine lets
a cache outage through on some calls (filling the cache after a miss,
deleting at logout), which turns every logged-in page into an error while
Redis is down; here a read misses and a write is dropped instead, so pages
and logins answer from the database.

A logged-in shopper's session is read on every request and written rarely
(logging in or out, a message to show), so on django-redis a worker reads it
through its tracked memory (:mod:`shopkit.core.tracked_cache`): no round
trip once read, and forgotten the moment any process writes, deletes or
expires it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import BaseCache, caches

from shopkit.core import tracked_cache
from shopkit.core.backends import GuardedCache

#: Seconds a session stays in the cache. A logout whose cache delete was
#: lost in an outage leaves the old entry readable at most this long.
CACHE_TIMEOUT = 5 * 60


class SessionCache(GuardedCache):
    """``caches[SESSION_CACHE_ALIAS]``, soft during an outage, entries capped
    at :data:`CACHE_TIMEOUT`."""

    def __init__(self) -> None:
        super().__init__("session", "soft")

    @property
    def wrapped(self) -> BaseCache:
        return caches[settings.SESSION_CACHE_ALIAS]

    def get(self, key: str, default: Any = None, *args: Any, **kwargs: Any) -> Any:
        return tracked_cache.get_many(self, [key]).get(key, default)

    def set(self, key: str, value: Any, timeout: int, *args: Any, **kwargs: Any) -> Any:
        # cached_db passes the session's age, weeks by default.
        written = super().set(key, value, min(timeout, CACHE_TIMEOUT), *args, **kwargs)
        tracked_cache.forget(self, [key])
        return written

    def delete(self, key: str, *args: Any, **kwargs: Any) -> Any:
        deleted = super().delete(key, *args, **kwargs)
        tracked_cache.forget(self, [key])
        return deleted

    def __contains__(self, key: str) -> bool:  # cached_db asks ``key in cache``
        return bool(self.has_key(key))


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = SessionCache()
