"""A cart kept in a Django cache, under one key per user: the embedded default."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache.backends.base import BaseCache

from shopkit.cart.stores.base import CartLine, CartStore
from shopkit.core.backends import CachePurpose, cache_required


class CacheCartStore(CartStore):
    """The lines of one user as a list in any Django cache.

    Each change reads and rewrites the whole list, so two changes of the same
    cart at the same instant can lose one; a cart is changed by one shopper at
    a time, and production sites use the Redis store. Entries never expire,
    but a cache may still evict them (a local-memory cache past
    ``MAX_ENTRIES``): use a persistent cache for carts that must survive.
    While the cache is unreachable every method raises
    ``shopkit.core.backends.CacheUnavailable``.
    """

    def __init__(self, cache: BaseCache, user_id: int | str) -> None:
        self.cache = cache
        self.key = f"shopkit:cart:{user_id}"

    def _read(self) -> dict[int, CartLine]:
        with cache_required(CachePurpose.CART):
            stored = self.cache.get(self.key) or []
        return {
            sku_id: CartLine(sku_id, count, bool(selected)) for sku_id, count, selected in stored
        }

    def _write(self, lines: dict[int, CartLine]) -> None:
        with cache_required(CachePurpose.CART):
            if lines:
                stored = [[line.sku_id, line.count, int(line.selected)] for line in lines.values()]
                self.cache.set(self.key, stored, timeout=None)
            else:
                self.cache.delete(self.key)

    def lines(self) -> list[CartLine]:
        return list(self._read().values())

    def set_line(self, line: CartLine) -> None:
        self.set_lines([line])

    def set_lines(self, lines: Iterable[CartLine]) -> None:
        current = self._read()
        for line in lines:
            current[line.sku_id] = line
        self._write(current)

    def remove(self, sku_ids: Iterable[int]) -> None:
        current = self._read()
        for sku_id in sku_ids:
            current.pop(sku_id, None)
        self._write(current)

    def clear(self) -> None:
        with cache_required(CachePurpose.CART):
            self.cache.delete(self.key)
