"""A cart kept in a Redis hash per user, through a django-redis cache's client."""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from shopkit.cart.stores.base import CartLine, CartStore, LineChange
from shopkit.core.backends import CachePurpose, cache_required
from shopkit.core.exceptions import ServiceUnavailable

#: Writes one line if the cart still holds what the change was computed from.
#: KEYS[1] the hash; ARGV: the SKU, its value as read ("" if absent), the
#: number of lines read, the value to write, "1" to answer the hash after the
#: write. Answers {1} or {1, hash} when written, {0, hash} when refused.
COMPARE_AND_SET = """
local line = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if line ~= ARGV[2] or redis.call('HLEN', KEYS[1]) ~= tonumber(ARGV[3]) then
    return {0, redis.call('HGETALL', KEYS[1])}
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
if ARGV[5] == '1' then
    return {1, redis.call('HGETALL', KEYS[1])}
end
return {1}
"""

#: Writes refused in a row before a change gives up: only a cart changed
#: continuously by other requests gets there, and then it is answered busy.
MAX_ATTEMPTS = 100


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

    @cached_property
    def _compare_and_set(self) -> Any:
        # Registering only wraps the source: the script reaches Redis with its first call.
        return self.client.register_script(COMPARE_AND_SET)

    @classmethod
    def for_cache(cls, cache: Any, user_id: int | str) -> RedisCartStore:
        """The store of ``user_id`` in a ``django_redis.cache.RedisCache``."""
        return cls(cache.client.get_client(write=True), cache.make_key(f"shopkit:cart:{user_id}"))

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
        was read (see :meth:`_change`), so no concurrent update is lost."""
        return self._change(sku_id, change, answer_lines=False)[0]

    def change_line_and_list(self, sku_id: int, change: LineChange) -> list[CartLine]:
        """:meth:`change_line`, answering every line as the cart holds them right
        after the write (read in the same script that wrote)."""
        return self._change(sku_id, change, answer_lines=True)[1]

    def _change(
        self, sku_id: int, change: LineChange, answer_lines: bool
    ) -> tuple[CartLine, list[CartLine]]:
        """The line written and, with ``answer_lines``, every line right after.

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
            written, *answer = self._compare_and_set(
                keys=[self.key],
                args=[
                    sku_id,
                    "" if read is None else read,
                    len(stored),
                    self._encode(line, added),
                    int(answer_lines),
                ],
            )
            stored = (
                self._by_sku(zip(answer[0][::2], answer[0][1::2], strict=True)) if answer else {}
            )
            if written:
                return line, [kept for _, kept in self._ordered(stored)]
        raise ServiceUnavailable()

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
    "change_line_and_list",
    "remove",
    "clear",
):
    _guard(_name)
