"""Contract tests every cart store must pass.

Subclass :class:`CartStoreContract` in a pytest test class (its name must
start with ``Test``) and implement :meth:`~CartStoreContract.make_store` and
:meth:`~CartStoreContract.reopen`::

    from shopkit.testing.cart import CartStoreContract

    class TestMyCartStore(CartStoreContract):
        def make_store(self):
            return MyCartStore(owner=uuid.uuid4().hex)

        def reopen(self, store):
            return MyCartStore(owner=store.owner)

A store only keeps lines: it never looks at SKUs, so these tests need no
database. Give every test a fresh cart (a new owner) so runs against a
shared service stay apart; every store a test makes is cleared when it ends.
"""

from __future__ import annotations

import pytest

from shopkit.cart.stores.base import Addition, AdditionRefused, CartLine, CartStore
from shopkit.testing.contract import Contract


class CartStoreContract(Contract):
    """Behaviour the cart service relies on from any ``CartStore``."""

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
        return self.built_once("_contract_store", self.new_store)

    def new_store(self) -> CartStore:
        """:meth:`make_store`, cleared when the test ends."""
        store = self.make_store()
        self.add_cleanup(store.clear)
        return store

    def test_a_new_cart_is_empty(self) -> None:
        assert self.store.lines() == []
        assert self.store.count() == 0
        assert self.store.get(1) is None

    def test_lines_come_back_in_the_order_they_were_added(self) -> None:
        for sku_id in (30, 10, 20):
            self.store.set_line(CartLine(sku_id, sku_id // 10, sku_id != 10))
        expected = [CartLine(30, 3, True), CartLine(10, 1, False), CartLine(20, 2, True)]
        assert self.store.lines() == expected
        assert self.reopen(self.store).lines() == expected

    def test_replacing_a_line_changes_it_in_place(self) -> None:
        self.store.set_lines([CartLine(1, 1, True), CartLine(2, 1, True)])
        self.store.set_line(CartLine(1, 7, False))
        assert self.store.get(1) == CartLine(1, 7, False)
        assert self.store.lines() == [CartLine(1, 7, False), CartLine(2, 1, True)]
        assert self.store.count() == 2

    def test_set_lines_adds_several_at_once(self) -> None:
        self.store.set_lines([CartLine(5, 2, True), CartLine(6, 3, False)])
        reopened = self.reopen(self.store)
        assert reopened.lines() == [CartLine(5, 2, True), CartLine(6, 3, False)]
        assert reopened.get(6) == CartLine(6, 3, False)

    def test_remove_deletes_only_the_given_lines_and_ignores_missing_ones(self) -> None:
        self.store.set_lines([CartLine(1, 1, True), CartLine(2, 2, True), CartLine(3, 3, True)])
        self.store.remove([1, 3, 99])
        assert self.store.lines() == [CartLine(2, 2, True)]
        assert self.reopen(self.store).lines() == [CartLine(2, 2, True)]
        self.store.remove([])
        assert self.store.count() == 1

    def test_clear_empties_the_cart_for_good(self) -> None:
        self.store.set_lines([CartLine(1, 1, True), CartLine(2, 2, False)])
        self.store.clear()
        assert self.store.lines() == []
        assert self.reopen(self.store).lines() == []

    def test_large_ids_and_counts_survive(self) -> None:
        line = CartLine(2**62 + 1, 999, True)
        self.store.set_line(line)
        assert self.reopen(self.store).get(2**62 + 1) == line

    def test_two_shoppers_never_see_each_others_lines(self) -> None:
        other = self.new_store()
        self.store.set_line(CartLine(1, 1, True))
        other.set_line(CartLine(2, 2, False))
        assert self.store.lines() == [CartLine(1, 1, True)]
        assert other.lines() == [CartLine(2, 2, False)]

    def test_change_line_applies_the_change_to_the_current_line(self) -> None:
        self.store.set_lines([CartLine(1, 2, True), CartLine(2, 1, True)])
        seen: list[CartLine | None] = []

        def double(line: CartLine | None) -> CartLine:
            seen.append(line)
            assert line is not None
            return CartLine(line.sku_id, line.count * 2, False)

        assert self.store.change_line(1, double) == CartLine(1, 4, False)
        assert seen[-1] == CartLine(1, 2, True)
        assert self.reopen(self.store).lines() == [CartLine(1, 4, False), CartLine(2, 1, True)]

    def test_change_line_creates_a_missing_line_last(self) -> None:
        self.store.set_line(CartLine(1, 1, True))
        created = self.store.change_line(7, lambda line: CartLine(7, 3, line is None))
        assert created == CartLine(7, 3, True)
        assert self.reopen(self.store).lines() == [CartLine(1, 1, True), CartLine(7, 3, True)]

    def test_a_change_that_raises_leaves_the_cart_as_it_was(self) -> None:
        self.store.set_line(CartLine(1, 1, True))

        def refuse(line: CartLine | None) -> CartLine:
            raise ValueError("no")

        with pytest.raises(ValueError):
            self.store.change_line(1, refuse)
        with pytest.raises(ValueError):
            self.store.change_line(2, refuse)
        assert self.reopen(self.store).lines() == [CartLine(1, 1, True)]

    def test_an_addition_adds_to_the_line_selects_it_and_answers_every_line(self) -> None:
        self.store.set_lines([CartLine(1, 2, False), CartLine(2, 1, False)])
        lines = self.store.add_units(Addition(1, 3, max_count=10, max_lines=5))
        assert lines == [CartLine(1, 5, True), CartLine(2, 1, False)]
        assert self.reopen(self.store).lines() == lines

    def test_an_addition_makes_a_missing_line_last(self) -> None:
        self.store.set_line(CartLine(1, 1, False))
        lines = self.store.add_units(Addition(7, 2, max_count=10, max_lines=5))
        assert lines == [CartLine(1, 1, False), CartLine(7, 2, True)]
        assert self.reopen(self.store).lines() == lines

    def test_an_addition_past_the_most_units_is_refused_with_the_line_as_it_was(self) -> None:
        self.store.set_line(CartLine(1, 8, False))
        with pytest.raises(AdditionRefused) as refused:
            self.store.add_units(Addition(1, 3, max_count=10, max_lines=5))
        assert (refused.value.line, refused.value.lines_full) == (CartLine(1, 8, False), False)
        with pytest.raises(AdditionRefused) as refused:
            self.store.add_units(Addition(2, 11, max_count=10, max_lines=5))
        assert (refused.value.line, refused.value.lines_full) == (None, False)
        assert self.reopen(self.store).lines() == [CartLine(1, 8, False)]

    def test_a_new_line_is_refused_when_the_cart_is_full_but_a_present_one_still_grows(
        self,
    ) -> None:
        self.store.set_lines([CartLine(1, 1, True), CartLine(2, 1, True)])
        with pytest.raises(AdditionRefused) as refused:
            self.store.add_units(Addition(3, 1, max_count=10, max_lines=2))
        assert (refused.value.line, refused.value.lines_full) == (None, True)
        assert self.store.add_units(Addition(2, 1, max_count=10, max_lines=2))[-1] == CartLine(
            2, 2, True
        )
        assert [line.sku_id for line in self.reopen(self.store).lines()] == [1, 2]
