"""The cart store interface behind ``shopkit_cart_store(request, user)``.

A store keeps one shopper's lines (SKU id → count and a selected flag) and
nothing else: it never checks SKUs, stock or limits; the cart service does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse


@dataclass(frozen=True)
class CartLine:
    sku_id: int
    count: int
    selected: bool


#: Given a line (``None`` if the cart has none for the SKU), the line to store.
LineChange = Callable[[CartLine | None], CartLine]


@dataclass(frozen=True)
class Addition:
    """``count`` more units of ``sku_id`` on its line (made if new, and
    selected), allowed only if the line then holds at most ``max_count`` units
    and, for a new line, the cart had fewer than ``max_lines`` lines."""

    sku_id: int
    count: int
    max_count: int
    max_lines: int


class AdditionRefused(Exception):
    """The cart had no room for an :class:`Addition`; nothing was written.

    ``lines_full``: a new line was refused by ``max_lines``; otherwise the
    count passed ``max_count``, and ``line`` is the line as it was (``None``
    if the SKU had none).
    """

    def __init__(self, line: CartLine | None, lines_full: bool) -> None:
        super().__init__(line, lines_full)
        self.line = line
        self.lines_full = lines_full


class CartStore:
    """Where one shopper's cart lives.

    Subclasses implement :meth:`lines`, :meth:`set_line`, :meth:`remove` and
    :meth:`clear`; :meth:`get`, :meth:`count` and :meth:`set_lines` are built
    on them and may be overridden with cheaper versions.
    """

    #: Whether :meth:`change_line` is atomic across processes: two requests
    #: changing the same line at once (adding the last units, merging carts)
    #: both count. A store that sets it overrides :meth:`change_line`; the
    #: system check ``shopkit.W022`` warns when a plugin replaces an atomic
    #: store with one that is not.
    atomic_changes: bool = False

    def get(self, sku_id: int) -> CartLine | None:
        """The line of ``sku_id``, or ``None``."""
        return next((line for line in self.lines() if line.sku_id == sku_id), None)

    def count(self) -> int:
        """The number of lines (distinct SKUs)."""
        return len(self.lines())

    def set_lines(self, lines: Iterable[CartLine]) -> None:
        """Create or replace several lines at once."""
        for line in lines:
            self.set_line(line)

    def change_line(self, sku_id: int, change: LineChange) -> CartLine:
        """Replace the line of ``sku_id`` by ``change(current line or None)``; return it.

        ``change`` may raise to leave the cart as it was, and may be called
        more than once, so it must not have side effects. Stores that several
        processes share override this to apply the change atomically (the
        Redis store writes only if the line and the number of lines are still
        as read, else computes the change again); this default reads, then writes.
        """
        line = change(self.get(sku_id))
        self.set_line(line)
        return line

    def add_units(self, addition: Addition) -> list[CartLine]:
        """Apply ``addition`` and return every line of the cart right after it;
        :class:`AdditionRefused` (nothing written) when the cart has no room.

        Adding to the cart is the busiest change, so it has a method of its
        own that a store may answer in one step: the Redis store checks the
        limits, writes and reads the cart back in one script. The default
        goes through :meth:`change_line`, then :meth:`lines`.
        """

        def added(line: CartLine | None) -> CartLine:
            if line is None and self.count() >= addition.max_lines:
                raise AdditionRefused(None, lines_full=True)
            new_count = addition.count + (line.count if line else 0)
            if new_count > addition.max_count:
                raise AdditionRefused(line, lines_full=False)
            return CartLine(addition.sku_id, new_count, True)

        self.change_line(addition.sku_id, added)
        return self.lines()

    def save_to_response(self, response: HttpResponse) -> None:
        """Write state kept on the client (a cookie) to ``response``.

        Called by ``shopkit.cart.middleware.CartMiddleware`` for every store a
        request used. Stores kept on the server have nothing to write.
        """

    def lines(self) -> list[CartLine]:
        """Every line of the cart, in the order they were first added."""
        raise NotImplementedError(f"{type(self).__name__} must implement lines()")

    def set_line(self, line: CartLine) -> None:
        """Create or replace the line for ``line.sku_id`` (a replaced line keeps its place)."""
        raise NotImplementedError(f"{type(self).__name__} must implement set_line()")

    def remove(self, sku_ids: Iterable[int]) -> None:
        """Delete the lines of ``sku_ids`` (missing ones are ignored)."""
        raise NotImplementedError(f"{type(self).__name__} must implement remove()")

    def clear(self) -> None:
        """Delete every line."""
        raise NotImplementedError(f"{type(self).__name__} must implement clear()")
