"""Settlement and placement: one service for the storefront and the API.

Placement is one transaction: prices are re-read, stock is taken with a
conditional ``UPDATE … SET stock = stock - n WHERE id = … AND stock >= n`` per
SKU in id order (so concurrent buyers lock rows in the same order and never
deadlock, and stock never goes below zero), and the order with its address
snapshot and lines is created. A double submit returns the first order.

An error answer means nothing happened: whatever can fail runs before the
commit (``then`` runs inside the transaction, where the faces start the
payment), and what runs after it (dropping the cart lines, page cache
invalidation, remembering the submit) only logs when it fails, so a committed
order is never reported as a failure.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from shopkit.accounts.addresses import own_address
from shopkit.accounts.models import Address
from shopkit.cart.services import remove_lines
from shopkit.conf import app_settings
from shopkit.core import routers
from shopkit.core.backends import CachePurpose, get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import is_row_id, parse_int
from shopkit.core.metrics import STOCK_OUTS
from shopkit.goods.models import SKU, SaleAttribute
from shopkit.goods.page_cache import invalidate
from shopkit.goods.stock import take_stock_statements
from shopkit.goods.tags import category_tag, sku_tag
from shopkit.orders import prepared
from shopkit.orders.models import Order, OrderLine
from shopkit.plugins import fire_event

logger = logging.getLogger(__name__)

SUBMIT_WINDOW = 15  # seconds an identical submit returns the first order
PENDING = "pending"
ORDER_ID_ATTEMPTS = 5
#: The order's copy of the delivery address: ``{order field: address field}``.
ADDRESS_SNAPSHOT = {
    "receiver": "receiver",
    "receiver_address": "address",
    "receiver_mobile": "receiver_mobile",
    "receiver_postcode": "postcode",
}
#: What placement reads of a SKU: no descriptions, no joins but the sale values.
SETTLED_FIELDS = {"id", "spu_id", "category_id", "name", "price", "stock", "default_image"}


@dataclass(frozen=True)
class Settlement:
    """What the shopper is about to buy, priced now."""

    skus: list[tuple[SKU, int]]
    #: ``[[attribute name, value name], …]`` per SKU id, e.g. ``[["规格", "1kg"]]``.
    sale_attributes: dict[int, list[list[str]]]
    total_count: int
    goods_amount: Decimal
    freight: Decimal
    total_amount: Decimal


def clean_lines(raw: Iterable[tuple[Any, Any]]) -> list[tuple[int, int]]:
    """``(sku_id, count)`` pairs as positive ints, merged per SKU, sorted by id.

    An order holds what a cart may: at most ``SHOPKIT_CART_MAX_LINES`` SKUs,
    each at most ``SHOPKIT_CART_MAX_COUNT`` times.
    """
    max_count, max_lines = app_settings.CART_MAX_COUNT, app_settings.CART_MAX_LINES
    merged: dict[int, int] = {}
    for sku_id, count in raw:
        try:
            sku_pk, number = parse_int(sku_id), parse_int(count)
        except ValueError:
            raise ShopkitError(ErrorCode.ORDERS_BAD_PARAMETER) from None
        if not is_row_id(sku_pk) or number <= 0:
            raise ShopkitError(ErrorCode.ORDERS_BAD_PARAMETER)
        merged[sku_pk] = merged.get(sku_pk, 0) + number
    if not merged:
        raise ShopkitError(ErrorCode.ORDERS_NOTHING_TO_BUY)
    if len(merged) > max_lines or any(n > max_count for n in merged.values()):
        raise ShopkitError(ErrorCode.ORDERS_LIMIT_EXCEEDED)
    return sorted(merged.items())


def freight_for(goods_amount: Decimal) -> Decimal:
    threshold = app_settings.FREE_FREIGHT_THRESHOLD
    if threshold is not None and goods_amount >= threshold:
        return Decimal("0.00")
    return app_settings.FREIGHT


def settle(lines: Iterable[tuple[Any, Any]]) -> Settlement:
    """Price ``lines`` with current prices; every SKU must be launched and in stock."""
    wanted = clean_lines(lines)
    found, sale_attributes = _read_skus([sku_id for sku_id, _ in wanted])
    priced = []
    for sku_id, count in wanted:
        sku = found.get(sku_id)
        if sku is None:
            raise ShopkitError(ErrorCode.ORDERS_SKU_UNAVAILABLE)
        if sku.stock < count:
            raise ShopkitError(
                ErrorCode.ORDERS_OUT_OF_STOCK,
                gettext("%(name)s: only %(stock)d left") % {"name": sku.name, "stock": sku.stock},
            )
        priced.append((sku, count))
    goods_amount = sum((sku.price * count for sku, count in priced), Decimal("0.00"))
    freight = freight_for(goods_amount)
    return Settlement(
        skus=priced,
        sale_attributes=sale_attributes,
        total_count=sum(count for _, count in priced),
        goods_amount=goods_amount,
        freight=freight,
        total_amount=goods_amount + freight,
    )


def _read_skus(sku_ids: list[int]) -> tuple[dict[int, SKU], dict[int, list[list[str]]]]:
    """The launched SKUs of ``sku_ids`` and their chosen sale attribute values
    (``[[attribute name, value name], …]``), in one flat prepared query."""
    # Prices and stock come from the primary even for the settlement page,
    # which runs outside the placement's transaction: a replica may lag.
    with routers.primary():
        alias = router.db_for_read(SKU)
    with connections[alias].cursor() as cursor:
        cursor.execute(_read_skus_statement(alias, len(sku_ids)), [*sku_ids, True])
        rows = cursor.fetchall()
    fields = _settled_fields()
    attnames = [field.attname for field in fields]
    skus: dict[int, SKU] = {}
    chosen: dict[int, list[list[str]]] = {sku_id: [] for sku_id in sku_ids}
    for *values, attribute, value in rows:
        sku_id = values[0]
        if sku_id not in skus:
            skus[sku_id] = SKU.from_db(alias, attnames, prepared.convert_row(alias, fields, values))
        if attribute is not None:
            chosen[sku_id].append([attribute, value])
    return skus, chosen


@cache
def _settled_fields() -> tuple[Field, ...]:
    return tuple(f for f in SKU._meta.concrete_fields if f.attname in SETTLED_FIELDS)


@cache
def _read_skus_statement(alias: str, count: int) -> str:
    """``SELECT`` the settled columns of ``count`` launched SKUs, each joined to
    its sale values and their attributes, in attribute order."""
    quote = connections[alias].ops.quote_name
    chosen = SKU._meta.get_field("sale_values")
    value, attribute = chosen.related_model, SaleAttribute

    def column(model: type[Model], name: str) -> str:
        return quote(model._meta.get_field(name).column)

    def table(model: type[Model]) -> str:
        return quote(model._meta.db_table)

    settled = ", ".join(f"s.{quote(field.column)}" for field in _settled_fields())
    ids = ", ".join(["%s"] * count)
    return (
        f"SELECT {settled}, a.{column(attribute, 'name')}, v.{column(value, 'name')} "
        f"FROM {table(SKU)} s "
        f"LEFT JOIN {quote(chosen.m2m_db_table())} c "
        f"ON c.{quote(chosen.m2m_column_name())} = s.{column(SKU, 'id')} "
        f"LEFT JOIN {table(value)} v "
        f"ON v.{column(value, 'id')} = c.{quote(chosen.m2m_reverse_name())} "
        f"LEFT JOIN {table(attribute)} a "
        f"ON a.{column(attribute, 'id')} = v.{column(value, 'attribute')} "
        f"WHERE s.{column(SKU, 'id')} IN ({ids}) AND s.{column(SKU, 'is_launched')} = %s "
        f"ORDER BY s.{column(SKU, 'id')}, a.{column(attribute, 'sort_order')}, "
        f"a.{column(attribute, 'id')}"
    )


def new_order_id() -> str:
    """16 digits: the local date, then 10 random digits (unguessable, and a clash
    stays rare even at thousands of orders a second)."""
    return f"{timezone.localtime():%y%m%d}{secrets.randbelow(10**10):010d}"


def _fingerprint(user: AbstractBaseUser, address_id: Any, lines: list[tuple[int, int]]) -> str:
    digest = hashlib.sha256(repr((user.pk, str(address_id), lines)).encode()).hexdigest()
    return f"shopkit:order-submit:{digest}"


def place_order(
    user: AbstractBaseUser,
    address_id: Any,
    lines: Iterable[tuple[Any, Any]],
    *,
    from_cart: bool = False,
    then: Callable[[Order], object] | None = None,
) -> Order:
    """Create an unpaid order for ``lines``, or return the one an identical
    submit made within the last ``SUBMIT_WINDOW`` seconds. With ``from_cart``
    the ordered lines leave the shopper's cart once the order is committed.

    ``then(order)`` runs inside the placement's transaction after the order
    and its stock are written: whatever it raises undoes both, so the caller
    answers an error and nothing happened (the faces start the payment there,
    see ``shopkit.payments.services.place_to_pay``). It does not run for a
    repeated submit, which returns the first, committed order.
    """
    wanted = clean_lines(lines)
    cache = get_cache(CachePurpose.ORDER)
    key = _fingerprint(user, address_id, wanted)
    if not cache.add(key, PENDING, timeout=SUBMIT_WINDOW):
        return _first_submit(cache, key)
    try:
        order = _place(user, address_id, wanted, from_cart, then)
    except BaseException as exc:
        if isinstance(exc, ShopkitError) and exc.code == ErrorCode.ORDERS_OUT_OF_STOCK:
            STOCK_OUTS.inc()
        _best_effort(cache.delete, key)
        raise
    # Committed: from here a failure must not turn the answer into an error.
    _best_effort(cache.set, key, order.pk, timeout=SUBMIT_WINDOW)
    return order


def _best_effort(action: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Run a best-effort step; log (never raise) when its service is down."""
    try:
        action(*args, **kwargs)
    except Exception:
        logger.exception("Order placement: %s failed; the order's outcome stands", action)


def _first_submit(cache: Any, key: str) -> Order:
    deadline = time.monotonic() + SUBMIT_WINDOW
    while time.monotonic() < deadline:
        value = cache.get(key)
        if value is None:
            break  # the first submit failed; this one reports the same as a retry would
        if value != PENDING:
            return Order.objects.get(pk=value)
        time.sleep(0.05)
    raise ShopkitError(ErrorCode.ORDERS_DUPLICATE_SUBMIT)


def _place(
    user: AbstractBaseUser,
    address_id: Any,
    wanted: list[tuple[int, int]],
    from_cart: bool,
    then: Callable[[Order], object] | None,
) -> Order:
    for _attempt in range(ORDER_ID_ATTEMPTS):
        order_id = new_order_id()
        try:
            return _place_as(order_id, user, address_id, wanted, from_cart, then)
        except IntegrityError:
            if not Order.objects.filter(pk=order_id).exists():
                raise
            # The same number was drawn twice in one day: place again under a new one.
    raise ShopkitError(ErrorCode.SERVER_ERROR, gettext_noop("Could not allocate an order number"))


def _place_as(
    order_id: str,
    user: AbstractBaseUser,
    address_id: Any,
    wanted: list[tuple[int, int]],
    from_cart: bool,
    then: Callable[[Order], object] | None,
) -> Order:
    address = own_address(user, address_id)
    with transaction.atomic():
        settlement = settle(wanted)
        order = Order(
            order_id=order_id,
            user=user,
            total_count=settlement.total_count,
            goods_amount=settlement.goods_amount,
            freight=settlement.freight,
            total_amount=settlement.total_amount,
        )
        lines = [
            OrderLine(
                order=order,
                sku=sku,
                name=sku.name,
                image=sku.default_image.name or "",
                sale_attributes=settlement.sale_attributes[sku.pk],
                price=sku.price,
                count=count,
            )
            for sku, count in settlement.skus
        ]
        # Prepared statements in one round trip: see shopkit.orders.prepared for
        # why. Stock last: its row locks are what concurrent buyers of a SKU
        # queue on, held from here to the commit. Foreign keys are checked at
        # commit, so the lines may go in even when no order row was.
        with prepared.Batch(router.db_for_write(Order)) as batch:
            order_row = batch.insert_copying(order, Address, ADDRESS_SNAPSHOT, **address)
            batch.insert(lines)
            takes = [
                (sku, batch.execute(*statement))
                for sku, statement in take_stock_statements(settlement.skus)
            ]
        if not order_row.rowcount:
            raise ShopkitError(ErrorCode.USERS_ADDRESS_NOT_FOUND)
        for sku, taken in takes:
            if taken.rowcount != 1:
                raise ShopkitError(
                    ErrorCode.ORDERS_OUT_OF_STOCK,
                    gettext("%(name)s: sold out") % {"name": sku.name},
                )
        if then is not None:
            then(order)
        # robust: the order is committed by then; a cache that is down leaves a
        # stale page or cart line (logged), never an error answer.
        transaction.on_commit(
            lambda: invalidate(
                {sku_tag(s.pk) for s, _ in settlement.skus}
                | {category_tag(s.category_id) for s, _ in settlement.skus}
            ),
            robust=True,
        )
        if from_cart:
            transaction.on_commit(
                lambda: remove_lines(user, [sku_id for sku_id, _ in wanted]), robust=True
            )
        fire_event("shopkit_order_placed", order=order)
    return order
