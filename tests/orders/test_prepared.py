"""Prepared statements write and read exactly what the ORM would."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection

from shopkit.accounts.models import Address
from shopkit.goods.models import SKU
from shopkit.orders import prepared
from shopkit.orders.models import Order, OrderLine, OrderStatus
from shopkit.orders.placement import ADDRESS_SNAPSHOT

pytestmark = pytest.mark.django_db


def new_order(buyer, order_id="2611300000000001"):
    return Order(
        order_id=order_id,
        user=buyer,
        total_count=3,
        goods_amount=Decimal("30.50"),
        freight=Decimal("10.00"),
        total_amount=Decimal("40.50"),
    )


def test_insert_copying_copies_the_source_row_and_fills_defaults(buyer, buyer_address):
    order = new_order(buyer)
    where = {"id": buyer_address.pk, "user_id": buyer.pk, "is_deleted": False}
    with prepared.Batch("default") as batch:
        copied = batch.insert_copying(order, Address, ADDRESS_SNAPSHOT, **where)
    assert copied.rowcount == 1
    assert (order.receiver, order.receiver_address) == ("张三", buyer_address.address)
    assert not order._state.adding
    stored = Order.objects.get(pk=order.pk)
    assert stored.status == OrderStatus.UNPAID and stored.payment_provider == ""
    assert stored.total_amount == Decimal("40.50") and isinstance(stored.created, datetime)
    assert stored.created == order.created and stored.paid_at is None
    assert [getattr(stored, name) for name in ADDRESS_SNAPSHOT] == [
        getattr(buyer_address, source) for source in ADDRESS_SNAPSHOT.values()
    ]


def test_insert_copying_writes_nothing_when_no_source_row_matches(buyer, buyer_address):
    order = new_order(buyer)
    where = {"id": buyer_address.pk, "user_id": buyer.pk + 1, "is_deleted": False}
    with prepared.Batch("default") as batch:
        copied = batch.insert_copying(order, Address, ADDRESS_SNAPSHOT, **where)
    assert (copied.rowcount, copied.rows) == (0, [])
    assert order._state.adding and order.receiver == "" and not Order.objects.exists()


def test_insert_writes_many_rows_as_the_orm_reads_them(fruit, buyer, buyer_address):
    order = new_order(buyer)
    Order.objects.bulk_create([order])
    berry, apple = fruit["berries"]["1kg"], fruit["apples"][0]
    lines = [
        OrderLine(
            order=order, sku=berry, name="草莓", sale_attributes=[["规格", "1kg"]],
            price=Decimal("55.00"), count=2,
        ),
        OrderLine(order=order, sku=apple, name="苹果", price=Decimal("10.10"), count=1),
    ]  # fmt: skip
    with prepared.Batch("default") as batch:
        inserted = batch.insert(lines)
    assert inserted.rowcount == 2 and not any(line._state.adding for line in lines)
    stored = order.lines.order_by("sku_id").values_list(
        "sku_id", "sale_attributes", "price", "count", "score"
    )
    assert list(stored) == sorted(
        [
            (berry.pk, [["规格", "1kg"]], Decimal("55.00"), 2, None),
            (apple.pk, [], Decimal("10.10"), 1, None),
        ]
    )


def test_convert_row_turns_cursor_values_into_field_values(fruit):
    apple = fruit["apples"][0]
    fields = [SKU._meta.get_field(name) for name in ("price", "created", "name")]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT price, created, name FROM shopkit_goods_sku WHERE id = %s", [apple.pk]
        )
        row = cursor.fetchone()
    assert prepared.convert_row(connection.alias, fields, row) == [
        apple.price, apple.created, apple.name,
    ]  # fmt: skip


def test_a_batch_runs_every_statement_in_order_and_reports_each(fruit):
    apple = fruit["apples"][0]
    update = "UPDATE shopkit_goods_sku SET stock = stock - %s WHERE id = %s AND stock >= %s"
    with prepared.Batch("default") as batch:
        first = batch.execute(update, [60, apple.pk, 60])
        refused = batch.execute(update, [60, apple.pk, 60])
        second = batch.execute(update, [40, apple.pk, 40])
    assert [first.rowcount, refused.rowcount, second.rowcount] == [1, 0, 1]
    apple.refresh_from_db()
    assert apple.stock == 0


def test_a_batch_left_by_an_error_runs_nothing(fruit):
    apple = fruit["apples"][0]
    with pytest.raises(RuntimeError), prepared.Batch("default") as batch:
        batch.execute("UPDATE shopkit_goods_sku SET stock = 0 WHERE id = %s", [apple.pk])
        raise RuntimeError
    apple.refresh_from_db()
    assert apple.stock == 100
