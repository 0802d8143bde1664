"""A cart kept in a Redis hash per user, through a django-redis cache's client."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

import redis
from redis.exceptions import NoScriptError, RedisError

from shopkit.cart.stores.base import Addition, AdditionRefused, CartLine, CartStore, LineChange
from shopkit.core.backends import CachePurpose, cache_required
from shopkit.core.exceptions import ServiceUnavailable

#: Writes one line if the cart still holds what the change was computed from.
#: KEYS[1] the hash; ARGV: the SKU, its value as read ("" if absent), the
#: number of lines read, the value to write. Answers {1} when written, and
#: {0, hash} when refused.
COMPARE_AND_SET = """
local line = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if line ~= ARGV[2] or redis.call('HLEN', KEYS[1]) ~= tonumber(ARGV[3]) then
    return {0, redis.call('HGETALL', KEYS[1])}
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
return {1}
"""

#: An ``Addition`` applied where the cart lives. KEYS[1] the hash; ARGV: the
#: SKU, the units to add, the most units the line may hold, the most lines,
#: when a new line is added (nanoseconds, kept as text: past Lua's exact
#: integers). Answers {1, hash} when written, {0, "lines"} when a new line
#: finds the cart full, {0, "count", line as it was or ""} when the count
#: would pass the most.
ADD_UNITS = """
local line = redis.call('HGET', KEYS[1], ARGV[1])
local have, added = 0, ARGV[5]
if line then
    local count, _, first = string.match(line, '^(%d+):(%d):(%d+)$')
    have, added = tonumber(count), first
elseif redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
    return {0, 'lines'}
end
local new_count = have + tonumber(ARGV[2])
if new_count > tonumber(ARGV[3]) then
    return {0, 'count', line or ''}
end
redis.call('HSET', KEYS[1], ARGV[1], new_count .. ':1:' .. added)
return {1, redis.call('HGETALL', KEYS[1])}
"""

#: Writes refused in a row before a change gives up: only a cart changed
#: continuously by other requests gets there, and then it is answered busy.
MAX_ATTEMPTS = 100

#: Each thread's own client of a connection pool, keyed by process and pool.
_own_clients = threading.local()


def own_client(shared: Any) -> Any:
    """A client of ``shared``'s connection pool that keeps one connection for
    this thread, where ``shared`` takes one from the pool and gives it back
    on every command: in redis-py 8.2 that bookkeeping costs about 35 µs of
    CPU a command, a third of the command. A forked process makes its own (the
    parent's socket is not its to use); the client holds its pool, so a
    pool's id is not reused while its entry lives."""
    pool = shared.connection_pool
    clients: dict[tuple[int, int], Any] = _own_clients.__dict__.setdefault("by_pool", {})
    key = (os.getpid(), id(pool))
    if key not in clients:
        try:
            # Connects at once: a client kept for the thread holds its connection.
            clients[key] = redis.Redis(connection_pool=pool, single_connection_client=True)
        except RedisError:
            # Redis is down: the shared client's commands fail inside the
            # store's guard, as a store's commands must, and the next store
            # tries again.
            return shared
    return clients[key]


class LuaScript:
    """A Lua script run by its SHA1 (``EVALSHA``), its source sent only to a
    server that lacks it. redis-py's ``Script`` does the same, and on every
    call also imports and type-checks for pipelines: about 35 µs of CPU a
    call on redis-py 8.2, a quarter of the whole command."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()

    def __call__(self, client: Any, keys: list[str], args: list[Any]) -> Any:
        try:
            return client.evalsha(self.sha, len(keys), *keys, *args)
        except NoScriptError:
            # A server that restarted, failed over or flushed its scripts:
            # EVAL runs the source and keeps it for the next EVALSHA.
            return client.eval(self.source, len(keys), *keys, *args)


COMPARE_AND_SET_SCRIPT = LuaScript(COMPARE_AND_SET)
ADD_UNITS_SCRIPT = LuaScript(ADD_UNITS)


class RedisCartStore(CartStore):
    """One Redis hash per user: field = SKU id, value = ``"count:selected:added"``.

    ``added`` is when the line was first added (nanoseconds), which orders the
    lines; replacing a line keeps it. The key goes through the cache's
    ``make_key``, so the cache's ``KEY_PREFIX`` and ``VERSION`` apply. Values
    are written raw (not pickled or compressed) so the hash stays readable
    with ``redis-cli HGETALL``.

    While Redis is unreachable every method raises
    ``shopkit.core.backends.CacheUnavailable`` (``SERVICE_UNAVAILABLE``):
    a cart change is never dropped silently.
    """

    atomic_changes = True  # change_line writes only what it computed from the current line

    def __init__(self, client: Any, key: str) -> None:
        self.client = client
        self.key = key

    @classmethod
    def for_cache(cls, cache: Any, user_id: int | str) -> RedisCartStore:
        """The store of ``user_id`` in a ``django_redis.cache.RedisCache``."""
        client = own_client(cache.client.get_client(write=True))
        return cls(client, cache.make_key(f"shopkit:cart:{user_id}"))

    @staticmethod
    def _decode(field: bytes | str, value: bytes | str) -> tuple[int, CartLine]:
        if isinstance(value, bytes):
            value = value.decode()
        count, selected, added = value.split(":")
        return int(added), CartLine(int(field), int(count), selected == "1")

    @staticmethod
    def _encode(line: CartLine, added: int) -> str:
        return f"{line.count}:{int(line.selected)}:{added}"

    def get(self, sku_id: int) -> CartLine | None:
        value = self.client.hget(self.key, sku_id)
        return None if value is None else self._decode(sku_id, value)[1]

    def count(self) -> int:
        return int(self.client.hlen(self.key))

    def lines(self) -> list[CartLine]:
        return [line for _, line in self._ordered(self.client.hgetall(self.key))]

    def set_line(self, line: CartLine) -> None:
        self.set_lines([line])

    def set_lines(self, lines: Iterable[CartLine]) -> None:
        lines = list(lines)
        if not lines:
            return
        existing = self.client.hmget(self.key, [line.sku_id for line in lines])
        now = time.time_ns()
        mapping = {}
        for offset, (line, old) in enumerate(zip(lines, existing, strict=True)):
            added = self._decode(line.sku_id, old)[0] if old is not None else now + offset
            mapping[line.sku_id] = self._encode(line, added)
        self.client.hset(self.key, mapping=mapping)

    def _ordered(self, stored: dict[Any, Any]) -> list[tuple[int, CartLine]]:
        decoded = [self._decode(f, v) for f, v in stored.items()]
        return sorted(decoded, key=lambda pair: (pair[0], pair[1].sku_id))

    def change_line(self, sku_id: int, change: LineChange) -> CartLine:
        """Apply ``change`` to the line, written only if the cart is still as it
        was read, so no concurrent update is lost.

        Read the hash once, compute the line in Python, then write it with one
        compare-and-set script: two round trips, where ``WATCH``/``MULTI`` took
        three. The script refuses the write if the line, or the number of
        lines (what the line limit is checked against), changed since the
        read, and answers the hash as it is now, so the change is computed
        again from it without another read.
        """
        stored = self._by_sku(self.client.hgetall(self.key).items())
        for _ in range(MAX_ATTEMPTS):
            read = stored.get(sku_id)
            added, current = (
                self._decode(sku_id, read) if read is not None else (time.time_ns(), None)
            )
            line = change(current)
            written, *answer = COMPARE_AND_SET_SCRIPT(
                self.client,
                [self.key],
                [sku_id, "" if read is None else read, len(stored), self._encode(line, added)],
            )
            if written:
                return line
            stored = self._by_sku(self._pairs(answer[0]))
        raise ServiceUnavailable()

    def add_units(self, addition: Addition) -> list[CartLine]:
        """The addition checked, written and the cart read back by one script:
        one round trip, atomic as every script is."""
        written, *answer = ADD_UNITS_SCRIPT(
            self.client,
            [self.key],
            [
                addition.sku_id,
                addition.count,
                addition.max_count,
                addition.max_lines,
                time.time_ns(),
            ],
        )
        if written:
            return [line for _, line in self._ordered(dict(self._pairs(answer[0])))]
        if answer[0] in (b"lines", "lines"):
            raise AdditionRefused(None, lines_full=True)
        line = self._decode(addition.sku_id, answer[1])[1] if answer[1] else None
        raise AdditionRefused(line, lines_full=False)

    @staticmethod
    def _pairs(flat: list[Any]) -> Iterable[tuple[Any, Any]]:
        """``HGETALL`` as a script answers it: field, value, field, value…"""
        return zip(flat[::2], flat[1::2], strict=True)

    @staticmethod
    def _by_sku(fields: Iterable[tuple[Any, Any]]) -> dict[int, Any]:
        return {int(field): value for field, value in fields}

    def remove(self, sku_ids: Iterable[int]) -> None:
        sku_ids = list(sku_ids)
        if sku_ids:
            self.client.hdel(self.key, *sku_ids)

    def clear(self) -> None:
        self.client.delete(self.key)


def _guard(name: str) -> None:
    unguarded = getattr(RedisCartStore, name)

    def method(self: RedisCartStore, *args: Any, **kwargs: Any) -> Any:
        with cache_required(CachePurpose.CART):
            return unguarded(self, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = unguarded.__doc__
    setattr(RedisCartStore, name, method)


for _name in (
    "get",
    "count",
    "lines",
    "set_lines",
    "change_line",
    "add_units",
    "remove",
    "clear",
):
    _guard(_name)
