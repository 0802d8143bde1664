"""A cart kept in a Redis hash per user, through a django-redis cache's client."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from shopkit.cart.stores.base import CartLine, CartStore, LineChange
from shopkit.core.backends import CachePurpose, cache_required


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

    atomic_changes = True  # change_line retries under WATCH

    def __init__(self, client: Any, key: str) -> None:
        self.client = client
        self.key = key

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
        """Read, change and write the line under ``WATCH``: if another request
        changes the cart in between, Redis refuses the write and the change is
        applied again to the new line, so no update is lost."""

        def apply(pipe: Any) -> CartLine:
            stored = pipe.hget(self.key, sku_id)
            added, current = (
                self._decode(sku_id, stored) if stored is not None else (time.time_ns(), None)
            )
            line = change(current)
            pipe.multi()
            pipe.hset(self.key, sku_id, self._encode(line, added))
            return line

        return self.client.transaction(apply, self.key, value_from_callable=True)

    def change_line_and_list(self, sku_id: int, change: LineChange) -> list[CartLine]:
        """:meth:`change_line` reading the whole hash under ``WATCH`` instead of
        one field, so the lines it returns are the cart exactly as the change left it."""

        def apply(pipe: Any) -> list[CartLine]:
            ordered = self._ordered(pipe.hgetall(self.key))
            found = [pair for pair in ordered if pair[1].sku_id == sku_id]
            added, current = found[0] if found else (time.time_ns(), None)
            line = change(current)
            pipe.multi()
            pipe.hset(self.key, sku_id, self._encode(line, added))
            lines = [old if old.sku_id != sku_id else line for _, old in ordered]
            return lines if found else [*lines, line]

        return self.client.transaction(apply, self.key, value_from_callable=True)

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
