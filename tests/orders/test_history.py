"""Every status move leaves one history row — what, when, by whom — and only
moves that happened do."""

import pytest
from django.db import transaction

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.comments import CommentInput, comment_order
from shopkit.orders.lifecycle import (
    cancel_expired_orders,
    cancel_order,
    confirm_receipt,
    mark_paid,
    refund,
    ship,
)
from shopkit.orders.models import Order, OrderHistory, OrderStatus
from shopkit.orders.placement import place_order
from shopkit.payments.models import Payment

S = OrderStatus


def moves(order):
    return [
        (entry.action, entry.from_status, entry.to_status, entry.actor, entry.note)
        for entry in OrderHistory.objects.filter(order=order)
    ]


@pytest.fixture
def placed(fruit, buyer, buyer_address):
    return place_order(buyer, buyer_address.pk, [(fruit["apples"][0].pk, 1)])


def test_the_whole_life_of_an_order_is_recorded_in_order(placed, buyer, admin_user, fruit):
    mark_paid(placed.pk, Payment(provider="sandbox", trade_no="SBX42"))
    ship(placed.pk, by=admin_user)
    confirm_receipt(buyer, placed.pk)
    comment_order(buyer, placed.pk, [CommentInput(fruit["apples"][0].pk, "好", 5, False)])
    assert moves(placed) == [
        ("pay", S.UNPAID, S.PAID, None, "sandbox SBX42"),
        ("ship", S.PAID, S.SHIPPED, admin_user, ""),
        ("receive", S.SHIPPED, S.RECEIVED, buyer, ""),
        ("complete", S.RECEIVED, S.COMPLETED, buyer, ""),
    ]
    entries = list(OrderHistory.objects.filter(order=placed))
    order = Order.objects.get(pk=placed.pk)
    assert entries[0].created == order.paid_at and entries[1].created == order.shipped_at


def test_cancellations_name_who_cancelled_and_why(fruit, buyer, buyer_address, admin_user):
    mine = place_order(buyer, buyer_address.pk, [(fruit["apples"][0].pk, 1)])
    cancel_order(mine.pk, "cancelled by shopper", shopper=True)
    assert moves(mine) == [("cancel", S.UNPAID, S.CANCELLED, buyer, "cancelled by shopper")]
    paid = place_order(buyer, buyer_address.pk, [(fruit["apples"][1].pk, 1)])
    mark_paid(paid.pk, Payment(provider="sandbox", trade_no="SBX43"))
    refund(paid.pk, by=admin_user)
    assert moves(paid)[-1] == ("cancel", S.PAID, S.CANCELLED, admin_user, "refunded by staff")


def test_the_expiry_task_is_recorded_as_the_shop(placed):
    Order.objects.filter(pk=placed.pk).update(created="2000-01-01T00:00:00Z")
    assert cancel_expired_orders() == [placed.pk]
    assert moves(placed) == [("cancel", S.UNPAID, S.CANCELLED, None, "timeout")]


def test_refused_and_rolled_back_moves_leave_no_row(placed, admin_user):
    with pytest.raises(ShopkitError) as refused:
        ship(placed.pk, by=admin_user)
    assert refused.value.code == ErrorCode.ORDERS_ILLEGAL_TRANSITION
    with pytest.raises(RuntimeError), transaction.atomic():
        cancel_order(placed.pk, "staff")
        raise RuntimeError
    assert moves(placed) == []
    assert Order.objects.get(pk=placed.pk).status == S.UNPAID
