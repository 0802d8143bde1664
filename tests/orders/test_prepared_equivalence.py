"""Placement's prepared SQL (``shopkit.orders.prepared``) does exactly what a
plain-ORM placement would: the same order row, the same lines, the same stock
and sales, the same events after commit, and the same refusals leaving nothing
behind. The one difference is the documented one: no model signal is sent.

The reference placement below is written with nothing but the ORM (``create``,
``QuerySet.update`` with ``F``), as a host's developer would write it. Each
case places the same cart through both paths for two shoppers with identical
addresses, putting the catalogue's stock and sales back in between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import translation

from shopkit import hookimpl
from shopkit.accounts.models import Address
from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.models import SKU
from shopkit.orders import placement
from shopkit.orders.models import Order, OrderLine
from shopkit.plugins import fire_event
from shopkit.testing import registered_plugin

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: events, deferred FKs

#: Columns that differ between any two placements by design.
ORDER_IGNORED = {"order_id", "user", "created", "updated"}
LINE_IGNORED = {"id", "order"}


def engine() -> str:
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


@pytest.fixture(
    params=[
        "sqlite3",
        pytest.param("postgresql", marks=pytest.mark.services("postgres")),
    ]
)
def database(request):
    """Each test runs once, on the database this run is configured with; the
    PostgreSQL variant is a ``services`` test, so CI runs it for real."""
    if engine() != request.param:
        pytest.skip(f"this run uses {engine()}, not {request.param}")
    return request.param


def columns(obj: Model, ignored: set[str]) -> dict[str, Any]:
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.name not in ignored
    }


def stored_lines(order: Order) -> list[dict[str, Any]]:
    return [columns(line, LINE_IGNORED) for line in order.lines.order_by("sku_id")]


# The plain-ORM reference ---------------------------------------------------


def sale_attributes_of(sku: SKU) -> list[list[str]]:
    chosen = sorted(
        sku.sale_values.select_related("attribute"),
        key=lambda value: (value.attribute.sort_order, value.attribute.pk),
    )
    return [[value.attribute.name, value.name] for value in chosen]


def place_with_the_orm(
    user: Any,
    address_id: int,
    lines: list[tuple[int, int]],
    *,
    after_reading: Callable[[], None] = lambda: None,
) -> Order:
    with transaction.atomic():
        address = Address.objects.filter(pk=address_id, user=user, is_deleted=False).first()
        if address is None:
            raise ShopkitError(ErrorCode.USERS_ADDRESS_NOT_FOUND)
        skus = SKU.objects.filter(is_launched=True).in_bulk([sku_id for sku_id, _ in lines])
        bought = []
        for sku_id, count in lines:
            sku = skus.get(sku_id)
            if sku is None:
                raise ShopkitError(ErrorCode.ORDERS_SKU_UNAVAILABLE)
            if sku.stock < count:
                raise ShopkitError(
                    ErrorCode.ORDERS_OUT_OF_STOCK, f"{sku.name}: only {sku.stock} left"
                )
            bought.append((sku, count))
        after_reading()
        goods_amount = sum((sku.price * count for sku, count in bought), Decimal("0.00"))
        threshold = app_settings.FREE_FREIGHT_THRESHOLD
        free = threshold is not None and goods_amount >= threshold
        freight = Decimal("0.00") if free else app_settings.FREIGHT
        order = Order.objects.create(
            order_id=placement.new_order_id(),
            user=user,
            receiver=address.receiver,
            receiver_address=address.address,
            receiver_mobile=address.receiver_mobile,
            receiver_postcode=address.postcode,
            total_count=sum(count for _, count in bought),
            goods_amount=goods_amount,
            freight=freight,
            total_amount=goods_amount + freight,
        )
        for sku, count in bought:
            OrderLine.objects.create(
                order=order,
                sku=sku,
                name=sku.name,
                image=sku.default_image.name or "",
                sale_attributes=sale_attributes_of(sku),
                price=sku.price,
                count=count,
            )
        for sku, count in sorted(bought, key=lambda line: line[0].pk):
            taken = SKU.objects.filter(pk=sku.pk, is_launched=True, stock__gte=count).update(
                stock=F("stock") - count, sales=F("sales") + count
            )
            if taken != 1:
                raise ShopkitError(ErrorCode.ORDERS_OUT_OF_STOCK, f"{sku.name}: sold out")
        fire_event("shopkit_order_placed", order=order)
    return order


def place_with_shopkit(
    user: Any,
    address_id: int,
    lines: list[tuple[int, int]],
    *,
    after_reading: Callable[[], None] = lambda: None,
    monkeypatch: pytest.MonkeyPatch,
) -> Order:
    settle = placement.settle

    def settle_then(wanted: Any) -> placement.Settlement:
        settlement = settle(wanted)
        after_reading()
        return settlement

    with monkeypatch.context() as patched:
        patched.setattr(placement, "settle", settle_then)
        return placement.place_order(user, address_id, lines)


# What each placement leaves and announces ------------------------------------


class Events:
    """Every event hook, recorded as a host's plugin would see it, after commit."""

    def __init__(self) -> None:
        self.seen: list[tuple[Any, ...]] = []

    @hookimpl
    def shopkit_order_placed(self, order):
        self.seen.append(
            (
                "shopkit_order_placed",
                connection.in_atomic_block,
                order._state.adding,
                columns(order, ORDER_IGNORED),
                stored_lines(order),
            )
        )

    @hookimpl
    def shopkit_order_paid(self, order, payment):
        self.seen.append(("shopkit_order_paid", order.pk))

    @hookimpl
    def shopkit_order_cancelled(self, order, reason):
        self.seen.append(("shopkit_order_cancelled", order.pk, reason))

    @hookimpl
    def shopkit_user_registered(self, user):
        self.seen.append(("shopkit_user_registered", user.pk))

    @hookimpl
    def shopkit_catalog_changed(self, instances):
        self.seen.append(("shopkit_catalog_changed", sorted(map(repr, instances))))


WATCHED_SIGNALS = {
    "pre_save": pre_save,
    "post_save": post_save,
    "pre_delete": pre_delete,
    "post_delete": post_delete,
    "m2m_changed": m2m_changed,
}


@contextmanager
def model_signals() -> Iterator[list[tuple[str, str]]]:
    """``(signal, model)`` for every save, delete or m2m signal of an order,
    line or SKU sent inside the block."""
    sent: list[tuple[str, str]] = []
    receivers = {}
    for name, signal in WATCHED_SIGNALS.items():

        def receiver(sender, name=name, **kwargs):
            model = kwargs["instance"].__class__ if name == "m2m_changed" else sender
            if model in (Order, OrderLine, SKU):
                sent.append((name, model.__name__))

        signal.connect(receiver, weak=False)
        receivers[name] = receiver
    try:
        yield sent
    finally:
        for name, signal in WATCHED_SIGNALS.items():
            signal.disconnect(receivers[name])


def stock_and_sales() -> dict[int, tuple[int, int]]:
    return {
        pk: (stock, sales) for pk, stock, sales in SKU.objects.values_list("pk", "stock", "sales")
    }


def put_back(stock: dict[int, tuple[int, int]]) -> None:
    for pk, (units, sales) in stock.items():
        SKU.objects.filter(pk=pk).update(stock=units, sales=sales)


@pytest.fixture
def twin(buyer_address):
    """A second shopper whose address is the same as ``buyer_address``."""
    user = get_user_model().objects.create_user("twin", "twin@example.com", "pw-twin-123")
    address = Address.objects.create(
        user=user,
        **{
            name: getattr(buyer_address, name)
            for name in ("receiver", "address", "receiver_mobile", "postcode", "is_default")
        },
    )
    return user, address


@pytest.fixture
def both_paths(buyer, buyer_address, twin, monkeypatch):
    """``run(lines, after_reading=…)``: the outcome of placing ``lines`` with
    shopkit for the buyer and with the ORM for the twin, from the same
    stock, as ``{"shopkit": …, "orm": …}``."""

    def run(lines, after_reading=lambda: None):
        before = stock_and_sales()
        paths = {
            "shopkit": lambda: place_with_shopkit(
                buyer, buyer_address.pk, lines, after_reading=after_reading,
                monkeypatch=monkeypatch,
            ),
            "orm": lambda: place_with_the_orm(
                twin[0], twin[1].pk, lines, after_reading=after_reading
            ),
        }  # fmt: skip
        outcomes = {}
        for name, place in paths.items():
            put_back(before)
            events = Events()
            with registered_plugin(events), model_signals() as signals:
                try:
                    order = place()
                    refused = None
                except ShopkitError as error:
                    order, refused = None, (error.code, error.message)
            outcomes[name] = {
                "order": order,
                "refused": refused,
                "stock": stock_and_sales(),
                "orders": [columns(o, ORDER_IGNORED) for o in Order.objects.all()],
                "lines": [stored_lines(o) for o in Order.objects.order_by("user_id")],
                "events": events.seen,
                "signals": signals,
            }
            Order.objects.all().delete()  # OrderLine goes with it (CASCADE)
        return outcomes

    return run


# The cases -------------------------------------------------------------------


@pytest.mark.parametrize(
    "cart",
    [
        pytest.param(lambda f: [f["apples"][0], f["apples"][0]], id="one-sku-charged-freight"),
        pytest.param(
            lambda f: [f["berries"]["1kg"], f["apples"][2], f["berries"]["500g"], f["apples"][0]],
            id="four-skus-free-freight",
        ),
    ],
)
def test_shopkit_places_the_same_order_as_the_orm(database, fruit, both_paths, cart):
    skus = cart(fruit)
    lines = sorted({sku.pk: (sku.pk, n + 1) for n, sku in enumerate(skus)}.values())
    before = stock_and_sales()
    outcome = both_paths(lines)
    shopkit, orm = outcome["shopkit"], outcome["orm"]

    assert shopkit["refused"] is None and orm["refused"] is None
    # The returned order, as the caller holds it, and the stored rows.
    assert columns(shopkit["order"], ORDER_IGNORED) == columns(orm["order"], ORDER_IGNORED)
    assert shopkit["orders"] == orm["orders"] == [columns(orm["order"], ORDER_IGNORED)]
    assert shopkit["lines"] == orm["lines"] and len(orm["lines"][0]) == len(lines)
    assert shopkit["order"].order_id.isdigit() and len(shopkit["order"].order_id) == 16
    # Stock and sales moved by the counts, the same way.
    expected = dict(before)
    for sku_id, count in lines:
        expected[sku_id] = (before[sku_id][0] - count, before[sku_id][1] + count)
    assert shopkit["stock"] == orm["stock"] == expected
    # The same events, after commit, with an order whose lines can be read.
    assert shopkit["events"] == orm["events"]
    [(hook, in_transaction, adding, placed, placed_lines)] = shopkit["events"]
    assert (hook, in_transaction, adding) == ("shopkit_order_placed", False, False)
    assert placed == orm["orders"][0] and placed_lines == orm["lines"][0]
    # What the docs say: the ORM would have sent save signals for the order
    # and each line; placement sends none. No path sends SKU signals.
    assert shopkit["signals"] == []
    assert orm["signals"] == [("pre_save", "Order"), ("post_save", "Order")] + [
        (signal, "OrderLine") for _ in lines for signal in ("pre_save", "post_save")
    ]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    # placement translates its stock refusals; the ORM path above writes them in English.
    with translation.override("en"):
        yield


def test_a_line_beyond_stock_is_refused_alike_and_leaves_nothing(database, fruit, both_paths):
    apple, small, large = fruit["apples"][0], fruit["berries"]["500g"], fruit["berries"]["1kg"]
    before = stock_and_sales()
    outcome = both_paths([(apple.pk, 2), (small.pk, 3), (large.pk, large.stock + 1)])
    shopkit, orm = outcome["shopkit"], outcome["orm"]
    refusal = (ErrorCode.ORDERS_OUT_OF_STOCK, f"{large.name}: only {large.stock} left")
    assert shopkit["refused"] == orm["refused"]
    assert (ErrorCode(shopkit["refused"][0]), shopkit["refused"][1]) == refusal
    for path in (shopkit, orm):
        assert (path["orders"], path["lines"], path["events"], path["signals"]) == ([], [], [], [])
        assert path["stock"] == before


def test_stock_taken_by_a_rival_after_reading_is_refused_alike(database, fruit, both_paths):
    """The conditional ``UPDATE`` itself refuses: a rival takes the units
    between the read and the update (in the same transaction here, so the
    rollback puts its units back too)."""
    apple, small, large = fruit["apples"][0], fruit["berries"]["500g"], fruit["berries"]["1kg"]
    before = stock_and_sales()

    def rival_buys_most_of_the_large_box():
        SKU.objects.filter(pk=large.pk).update(stock=F("stock") - (large.stock - 2))

    outcome = both_paths(
        [(apple.pk, 2), (small.pk, 3), (large.pk, 5)],
        after_reading=rival_buys_most_of_the_large_box,
    )
    shopkit, orm = outcome["shopkit"], outcome["orm"]
    assert shopkit["refused"] == orm["refused"]
    assert (ErrorCode(shopkit["refused"][0]), shopkit["refused"][1]) == (
        ErrorCode.ORDERS_OUT_OF_STOCK, f"{large.name}: sold out",
    )  # fmt: skip
    for path in (shopkit, orm):
        assert (path["orders"], path["lines"], path["events"]) == ([], [], [])
        assert path["stock"] == before
    # The ORM had already sent post_save for the order and its lines when the
    # update refused: a receiver would have acted on an order that never was.
    assert shopkit["signals"] == [] and ("post_save", "Order") in orm["signals"]
