"""Small, hot cache entries kept in the worker's memory, exact through Redis key tracking.

Every hit of the page cache compares the versions an entry recorded with the
current ones (:mod:`shopkit.goods.page_cache`), and every API call with a
token reads its user's entry and version (:mod:`shopkit.core.tokens`). Read
from Redis, that is a round trip per request, and on a busy machine the
round trip costs more than the rest of serving a cached page. So each worker
remembers what it read and asks Redis to tell it when any of those keys
changes: server-assisted client-side caching (``CLIENT TRACKING … REDIRECT``,
Redis 6 or later). Redis then sends the name of every remembered key that is
written, incremented, deleted, expired or evicted, and a flush of the
database, to this worker's invalidation connection, and the worker forgets
those keys before it next trusts its memory. A read whose keys are all
remembered costs no round trip; a write by any process reaches every worker
as a message written in the same event-loop turn as the writer's own reply,
long before a request that follows the write can arrive. A process also
forgets the keys it writes itself at once (``forget``), since its next line
may read them.

The worker keeps the bytes Redis answered and decodes them on every read, so
each caller gets an object of its own, as from the cache. A caller that never
changes what it reads (tag versions, a user it copies) asks for ``shared``
values instead: decoded once, and the same object on every read until the key
changes.

Anything unexpected (the cache is not django-redis, a server or proxy
without ``CLIENT TRACKING``, a dropped connection) makes the worker forget
everything and read from the cache as before; it tries tracking again after
:data:`RETRY_SECONDS`.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
import weakref
from collections.abc import Sequence
from typing import Any

from django_redis.cache import RedisCache
from django_redis.client import DefaultClient
from redis.exceptions import RedisError

from shopkit.core.backends import unwrapped_cache

logger = logging.getLogger("shopkit.cache")

INVALIDATION_CHANNEL = "__redis__:invalidate"
#: After tracking failed, how long a worker reads from the cache before trying again.
RETRY_SECONDS = 30.0
#: How many keys a worker remembers; past it, it starts again empty.
MAX_REMEMBERED = 100_000
#: A remembered value not decoded yet (a decoded value may be ``None``).
_UNDECODED = object()


class TrackedReads:
    """One worker's memory of the keys it read from one django-redis cache,
    with the two connections that keep it exact: ``reader`` (tracked, reads
    the keys) and ``listener`` (receives the names of changed keys)."""

    def __init__(self, cache: Any) -> None:
        self.cache = cache
        #: Redis key → its value as Redis answered it (``None``: absent).
        self.remembered: dict[bytes, Any] = {}
        #: Redis key → its value decoded, for ``shared`` reads; a subset of ``remembered``.
        self.decoded: dict[bytes, Any] = {}
        #: Cache key → Redis key (with the cache's prefix and version).
        self.raw_keys: dict[str, bytes] = {}
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.reader: Any = None
        self.listener: Any = None
        self.listener_id: int | None = None
        #: Polls the listener's socket: readable when a notice (or the close) waits.
        self.notices: Any = None
        self.retry_at = 0.0

    def get_many(self, keys: Sequence[str], shared: bool = False) -> dict[str, Any] | None:
        """``{key: value}`` of the keys present, as ``cache.get_many`` answers;
        ``None`` when tracking is not available now (read from the cache).
        With ``shared``, the values are decoded once and handed to every
        caller as they are: callers must not change them."""
        with self.lock:
            if not self._ready():
                return None
            try:
                return self._get_many(keys, shared)
            except (RedisError, OSError) as error:
                self._stop(f"lost ({error})")
                return None

    def forget(self, keys: Sequence[str]) -> None:
        with self.lock:
            for key in keys:
                self._drop(self._raw_key(key))

    def forget_all(self) -> None:
        with self.lock:
            self._drop_all()

    def close(self) -> None:
        """Close both connections; the next read connects again."""
        with self.lock:
            self._disconnect()

    def _get_many(self, keys: Sequence[str], shared: bool) -> dict[str, Any]:
        self._apply_invalidations()
        raw = [self._raw_key(key) for key in keys]
        missing = [raw_key for raw_key in raw if raw_key not in self.remembered]
        if missing:
            if len(self.remembered) + len(missing) > MAX_REMEMBERED:
                self._drop_all()
            self.reader.send_command("MGET", *missing)
            self.remembered.update(zip(missing, self.reader.read_response(), strict=True))
        decode = self.cache.client.decode
        found = {}
        for key, raw_key in zip(keys, raw, strict=True):
            if (value := self.remembered[raw_key]) is None:
                continue
            if not shared:
                found[key] = decode(value)
            elif (decoded := self.decoded.get(raw_key, _UNDECODED)) is not _UNDECODED:
                found[key] = decoded
            else:
                found[key] = self.decoded[raw_key] = decode(value)
        return found

    def _drop(self, raw_key: bytes) -> None:
        self.remembered.pop(raw_key, None)
        self.decoded.pop(raw_key, None)

    def _drop_all(self) -> None:
        self.remembered.clear()
        self.decoded.clear()

    def _apply_invalidations(self) -> None:
        # Every hot read asks, so first the cheapest question: has anything
        # reached the socket? (redis-py's can_read costs several times more.)
        # The loop below reads until can_read, which also sees what the
        # parser has buffered, says no: so between calls nothing waits in the
        # buffer, and an idle socket means no notice.
        if not self.notices.poll(0):
            return
        while self.listener.can_read(timeout=0):
            message = self.listener.read_response()
            if message[0] != b"message":
                continue
            changed = message[2]
            if changed is None:  # the database was flushed
                self._drop_all()
            else:
                for key in changed:
                    self._drop(key)

    def _raw_key(self, key: str) -> bytes:
        raw_key = self.raw_keys.get(key)
        if raw_key is None:
            if len(self.raw_keys) >= MAX_REMEMBERED:
                self.raw_keys.clear()
            raw_key = self.raw_keys[key] = self.cache.client.make_key(key).encode()
        return raw_key

    def _ready(self) -> bool:
        if self.pid != os.getpid():  # forked: the connections belong to the parent
            self.reader = self.listener = None
            self._drop_all()
            self.pid = os.getpid()
        if self.reader is not None:
            return True
        if time.monotonic() < self.retry_at:
            return False
        try:
            self._connect()
        except (RedisError, OSError) as error:
            self._stop(f"unavailable ({error})")
            return False
        return True

    def _connect(self) -> None:
        pool = self.cache.client.get_client(write=False).connection_pool
        # Both connections speak RESP2, whatever the pool's protocol, so that
        # invalidations arrive as plain pub/sub messages on the listener (and
        # without maintenance notifications, which need RESP3). No health
        # checks: a check that fails reconnects quietly, and a reader
        # reconnected so would be tracked no more; an error must stop tracking.
        options = {
            **{
                name: value
                for name, value in pool.connection_kwargs.items()
                if not name.startswith("maint_notifications")
            },
            "protocol": 2,
            "decode_responses": False,
            "health_check_interval": 0,
        }
        listener = pool.connection_class(**options)
        listener.send_command("CLIENT", "ID")
        self.listener_id = listener.read_response()
        listener.send_command("SUBSCRIBE", INVALIDATION_CHANNEL)
        listener.read_response()
        reader = pool.connection_class(**options)
        reader.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", self.listener_id)
        reader.read_response()
        self._drop_all()
        self.notices = select.poll()
        self.notices.register(listener._sock, select.POLLIN)
        self.listener, self.reader = listener, reader

    def _stop(self, why: str) -> None:
        if self.reader is not None or self.retry_at == 0.0:
            logger.warning(
                "Hot cache entries are read from Redis on every request: key tracking %s.", why
            )
        self._disconnect()
        self.retry_at = time.monotonic() + RETRY_SECONDS

    def _disconnect(self) -> None:
        for connection in (self.reader, self.listener):
            if connection is not None:
                connection.disconnect()
        self.reader = self.listener = self.notices = None
        self._drop_all()


#: The tracked reads of each django-redis cache configuration in this process.
#: Django makes a cache object per thread; those of one configuration share them.
_tracked: dict[tuple[Any, ...], TrackedReads] = {}
_tracked_lock = threading.Lock()
#: Each Django cache object's tracked reads (``None``: not django-redis), found
#: once: every hot read asks.
_by_cache: weakref.WeakKeyDictionary[Any, TrackedReads | None] = weakref.WeakKeyDictionary()


def tracked_reads(cache: Any) -> TrackedReads | None:
    """The tracked reads of ``cache`` (a Django cache, or a
    :class:`~shopkit.core.backends.GuardedCache` around one), or ``None``
    when it is not a django-redis cache."""
    cache = unwrapped_cache(cache)
    try:
        return _by_cache[cache]
    except KeyError:
        pass
    # Only the default client: a sharded or herd client spreads or rewrites keys.
    if not isinstance(cache, RedisCache) or type(cache.client) is not DefaultClient:
        found = None
    else:
        configuration = (str(cache._server), cache.key_prefix, cache.version, cache.key_func)
        with _tracked_lock:
            found = _tracked.get(configuration)
            if found is None:
                found = _tracked[configuration] = TrackedReads(cache)
    _by_cache[cache] = found
    return found


def get_many(cache: Any, keys: Sequence[str], *, shared: bool = False) -> dict[str, Any]:
    """``cache.get_many(keys)``, from this worker's memory when ``cache`` is
    django-redis and key tracking works. With ``shared``, a value is decoded
    once and the same object is answered until its key changes: for callers
    that never change what they read."""
    tracked = tracked_reads(cache)
    found = tracked.get_many(keys, shared) if tracked is not None else None
    return cache.get_many(keys) if found is None else found


def forget(cache: Any, keys: Sequence[str]) -> None:
    """This process has just written ``keys``: its next read must not wait for
    Redis's notice."""
    tracked = tracked_reads(cache)
    if tracked is not None:
        tracked.forget(keys)


def forget_everything() -> None:
    """Forget every remembered entry of this process (tests, after clearing caches)."""
    with _tracked_lock:
        for tracked in _tracked.values():
            tracked.forget_all()
