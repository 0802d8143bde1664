"""Contract tests every cart store must pass.

Mix :class:`CartStoreContractTests` into a ``unittest.TestCase`` (Django's
``SimpleTestCase`` is fine) and implement :meth:`~CartStoreContractTests.make_store`
and :meth:`~CartStoreContractTests.reopen`::

    from django.test import SimpleTestCase
    from shopkit.testing.cart import CartStoreContractTests

    class MyCartStoreTests(CartStoreContractTests, SimpleTestCase):
        def make_store(self):
            return MyCartStore(owner=uuid.uuid4().hex)

        def reopen(self, store):
            return MyCartStore(owner=store.owner)

A store only keeps lines: it never looks at SKUs, so these tests need no
database. Give every test a fresh cart (a new owner) so runs against a
shared service stay apart, and clean up in ``addCleanup`` where needed.
"""

from __future__ import annotations

from typing import Any

from shopkit.cart.stores.base import CartLine, CartStore


class CartStoreContractTests:
    """Behaviour the cart service relies on from any ``CartStore``."""

    # unittest.TestCase provides these; declared for type checkers.
    assertEqual: Any
    assertIsNone: Any
    assertRaises: Any
    addCleanup: Any

    def make_store(self) -> CartStore:
        """Return an empty store for a new shopper (called once per test)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement make_store() to return an empty cart store"
        )

    def reopen(self, store: CartStore) -> CartStore:
        """Return a new store object for the same shopper, as the next request gets.

        Stores that keep their state on the client (a cookie) carry it over
        here the way a browser would, through ``save_to_response``.
        """
        raise NotImplementedError(
            f"{type(self).__name__} must implement reopen() to open the same cart again"
        )

    @property
    def store(self) -> CartStore:
        if "_contract_store" not in self.__dict__:
            store = self.make_store()
            self.addCleanup(store.clear)
            self.__dict__["_contract_store"] = store
        return self.__dict__["_contract_store"]

    def test_a_new_cart_is_empty(self) -> None:
        self.assertEqual(self.store.lines(), [])
        self.assertEqual(self.store.count(), 0)
        self.assertIsNone(self.store.get(1))

    def test_lines_come_back_in_the_order_they_were_added(self) -> None:
        for sku_id in (30, 10, 20):
            self.store.set_line(CartLine(sku_id, sku_id // 10, sku_id != 10))
        expected = [CartLine(30, 3, True), CartLine(10, 1, False), CartLine(20, 2, True)]
        self.assertEqual(self.store.lines(), expected)
        self.assertEqual(self.reopen(self.store).lines(), expected)

    def test_replacing_a_line_changes_it_in_place(self) -> None:
        self.store.set_lines([CartLine(1, 1, True), CartLine(2, 1, True)])
        self.store.set_line(CartLine(1, 7, False))
        self.assertEqual(self.store.get(1), CartLine(1, 7, False))
        self.assertEqual(self.store.lines(), [CartLine(1, 7, False), CartLine(2, 1, True)])
        self.assertEqual(self.store.count(), 2)

    def test_set_lines_adds_several_at_once(self) -> None:
        self.store.set_lines([CartLine(5, 2, True), CartLine(6, 3, False)])
        reopened = self.reopen(self.store)
        self.assertEqual(reopened.lines(), [CartLine(5, 2, True), CartLine(6, 3, False)])
        self.assertEqual(reopened.get(6), CartLine(6, 3, False))

    def test_remove_deletes_only_the_given_lines_and_ignores_missing_ones(self) -> None:
        self.store.set_lines([CartLine(1, 1, True), CartLine(2, 2, True), CartLine(3, 3, True)])
        self.store.remove([1, 3, 99])
        self.assertEqual(self.store.lines(), [CartLine(2, 2, True)])
        self.assertEqual(self.reopen(self.store).lines(), [CartLine(2, 2, True)])
        self.store.remove([])
        self.assertEqual(self.store.count(), 1)

    def test_clear_empties_the_cart_for_good(self) -> None:
        self.store.set_lines([CartLine(1, 1, True), CartLine(2, 2, False)])
        self.store.clear()
        self.assertEqual(self.store.lines(), [])
        self.assertEqual(self.reopen(self.store).lines(), [])

    def test_large_ids_and_counts_survive(self) -> None:
        line = CartLine(2**62 + 1, 999, True)
        self.store.set_line(line)
        self.assertEqual(self.reopen(self.store).get(2**62 + 1), line)

    def test_two_shoppers_never_see_each_others_lines(self) -> None:
        other = self.make_store()
        self.addCleanup(other.clear)
        self.store.set_line(CartLine(1, 1, True))
        other.set_line(CartLine(2, 2, False))
        self.assertEqual(self.store.lines(), [CartLine(1, 1, True)])
        self.assertEqual(other.lines(), [CartLine(2, 2, False)])

    def test_change_line_applies_the_change_to_the_current_line(self) -> None:
        self.store.set_lines([CartLine(1, 2, True), CartLine(2, 1, True)])
        seen: list[CartLine | None] = []

        def double(line: CartLine | None) -> CartLine:
            seen.append(line)
            assert line is not None
            return CartLine(line.sku_id, line.count * 2, False)

        self.assertEqual(self.store.change_line(1, double), CartLine(1, 4, False))
        self.assertEqual(seen[-1], CartLine(1, 2, True))
        self.assertEqual(
            self.reopen(self.store).lines(), [CartLine(1, 4, False), CartLine(2, 1, True)]
        )

    def test_change_line_creates_a_missing_line_last(self) -> None:
        self.store.set_line(CartLine(1, 1, True))
        created = self.store.change_line(7, lambda line: CartLine(7, 3, line is None))
        self.assertEqual(created, CartLine(7, 3, True))
        self.assertEqual(
            self.reopen(self.store).lines(), [CartLine(1, 1, True), CartLine(7, 3, True)]
        )

    def test_a_change_that_raises_leaves_the_cart_as_it_was(self) -> None:
        self.store.set_line(CartLine(1, 1, True))

        def refuse(line: CartLine | None) -> CartLine:
            raise ValueError("no")

        with self.assertRaises(ValueError):
            self.store.change_line(1, refuse)
        with self.assertRaises(ValueError):
            self.store.change_line(2, refuse)
        self.assertEqual(self.reopen(self.store).lines(), [CartLine(1, 1, True)])
