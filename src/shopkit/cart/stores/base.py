"""The cart store interface behind ``shopkit_cart_store(request)``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CartLine:
    sku_id: int
    count: int
    selected: bool


class CartStore:
    """Where one shopper's cart lives. Subclasses implement every method below."""

    def lines(self) -> list[CartLine]:
        """Every line of the cart, in the order they were first added."""
        raise NotImplementedError(f"{type(self).__name__} must implement lines()")

    def set_line(self, line: CartLine) -> None:
        """Create or replace the line for ``line.sku_id``."""
        raise NotImplementedError(f"{type(self).__name__} must implement set_line()")

    def remove(self, sku_ids: Iterable[int]) -> None:
        """Delete the lines of ``sku_ids`` (missing ones are ignored)."""
        raise NotImplementedError(f"{type(self).__name__} must implement remove()")

    def clear(self) -> None:
        """Delete every line."""
        raise NotImplementedError(f"{type(self).__name__} must implement clear()")
