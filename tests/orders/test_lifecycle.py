"""Order states: declared transitions enforced, expiry, comments (staff tools:
test_staff.py)."""

import threading
from datetime import timedelta

import pytest
from celery import current_app
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from shopkit import hookimpl
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.models import SKU
from shopkit.goods.services import sku_detail
from shopkit.orders.comments import CommentInput, comment_order
from shopkit.orders.lifecycle import cancel_expired_orders, cancel_order, confirm_receipt, ship
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.placement import place_order
from shopkit.orders.states import TRANSITIONS, allowed_actions, apply_transition
from shopkit.testing import registered_plugin


class CancelledEvents:
    def __init__(self):
        self.seen = []
        self.lock = threading.Lock()

    @hookimpl
    def shopkit_order_cancelled(self, order, reason):
        with self.lock:
            self.seen.append((order.order_id, reason))


def code_of(call):
    with pytest.raises(ShopkitError) as raised:
        call()
    return raised.value.code


@pytest.fixture
def order(fruit, buyer, buyer_address):
    return place_order(buyer, buyer_address.pk, [(fruit["apples"][0].pk, 2)])


def status_of(order):
    return Order.objects.get(pk=order.pk).status


def test_every_status_lists_only_its_declared_moves():
    assert allowed_actions(OrderStatus.UNPAID) == ["pay", "cancel"]
    assert allowed_actions(OrderStatus.PAID) == ["ship", "cancel"]
    assert allowed_actions(OrderStatus.SHIPPED) == ["receive"]
    assert allowed_actions(OrderStatus.RECEIVED) == ["complete"]
    assert allowed_actions(OrderStatus.COMPLETED) == allowed_actions(OrderStatus.CANCELLED) == []
    assert set(TRANSITIONS) == {"pay", "ship", "receive", "complete", "cancel"}


@pytest.mark.parametrize("action", ["ship", "receive", "complete"])
def test_an_unpaid_order_cannot_skip_ahead(order, action):
    assert (
        code_of(lambda: apply_transition(order.pk, action)) == ErrorCode.ORDERS_ILLEGAL_TRANSITION
    )
    assert status_of(order) == OrderStatus.UNPAID


def test_the_happy_path_stamps_each_step(order, buyer):
    apply_transition(order.pk, "pay")
    assert code_of(lambda: apply_transition(order.pk, "pay")) == ErrorCode.ORDERS_ILLEGAL_TRANSITION
    assert code_of(lambda: confirm_receipt(buyer, order.pk)) == ErrorCode.ORDERS_ILLEGAL_TRANSITION
    ship(order.pk)
    received = confirm_receipt(buyer, order.pk)
    assert received.status == OrderStatus.RECEIVED
    assert received.paid_at <= received.shipped_at <= received.received_at


def test_receipt_of_someone_elses_order_is_not_found(order, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", "s@example.com", "pw-x-12345")
    apply_transition(order.pk, "pay")
    ship(order.pk)
    assert code_of(lambda: confirm_receipt(stranger, order.pk)) == ErrorCode.ORDERS_NOT_FOUND
    assert status_of(order) == OrderStatus.SHIPPED


def test_a_shopper_may_cancel_only_unpaid_orders(order):
    apply_transition(order.pk, "pay")
    code = code_of(lambda: cancel_order(order.pk, "changed my mind", shopper=True))
    assert code == ErrorCode.ORDERS_ILLEGAL_TRANSITION
    assert status_of(order) == OrderStatus.PAID


def test_cancelling_restores_stock_once_and_fires_once(
    order, fruit, django_capture_on_commit_callbacks
):
    apple = fruit["apples"][0]
    events = CancelledEvents()
    with registered_plugin(events), django_capture_on_commit_callbacks(execute=True):
        assert cancel_order(order.pk, "changed my mind", shopper=True) == OrderStatus.UNPAID
        assert code_of(lambda: cancel_order(order.pk, "again")) == (
            ErrorCode.ORDERS_ILLEGAL_TRANSITION
        )
    apple.refresh_from_db()
    assert (apple.stock, apple.sales) == (100, 0)
    assert events.seen == [(order.order_id, "changed my mind")]
    assert Order.objects.get(pk=order.pk).cancel_reason == "changed my mind"


def expire(*orders):
    Order.objects.filter(pk__in=[o.pk for o in orders]).update(
        created=timezone.now() - timedelta(days=2)
    )


def test_expired_unpaid_orders_are_cancelled_and_fresh_ones_kept(
    fruit, buyer, buyer_address, django_capture_on_commit_callbacks
):
    old = place_order(buyer, buyer_address.pk, [(fruit["apples"][0].pk, 3)])
    old_paid = place_order(buyer, buyer_address.pk, [(fruit["apples"][1].pk, 1)])
    fresh = place_order(buyer, buyer_address.pk, [(fruit["apples"][2].pk, 1)])
    apply_transition(old_paid.pk, "pay")
    expire(old, old_paid)
    events = CancelledEvents()
    with registered_plugin(events), django_capture_on_commit_callbacks(execute=True):
        assert cancel_expired_orders() == [old.order_id]
        assert cancel_expired_orders() == []
    assert [status_of(o) for o in (old, old_paid, fresh)] == [
        OrderStatus.CANCELLED, OrderStatus.PAID, OrderStatus.UNPAID,
    ]  # fmt: skip
    assert events.seen == [(old.order_id, "timeout")]
    assert SKU.objects.get(pk=fruit["apples"][0].pk).stock == 100


def test_the_command_reports_what_it_cancelled(order, capsys):
    expire(order)
    call_command("shopkit_cancel_expired_orders")
    out = capsys.readouterr().out
    assert f"cancelled {order.order_id}" in out and "1 expired orders cancelled" in out
    assert status_of(order) == OrderStatus.CANCELLED


def test_the_expiry_task_is_scheduled_with_beat():
    schedule = current_app.conf.beat_schedule  # shopkit's entries, without a line of the host's
    assert any(
        entry["task"] == "shopkit.orders.tasks.cancel_expired_orders" for entry in schedule.values()
    )


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_overlapping_expiry_runs_restore_stock_exactly_once(fruit, buyer, buyer_address):
    apples = fruit["apples"]
    # Distinct lines: an identical submit would be the same order (double-submit guard).
    wanted = [(apple, count) for apple in apples for count in range(1, 11)]
    orders = [place_order(buyer, buyer_address.pk, [(apple.pk, n)]) for apple, n in wanted]
    assert len({o.order_id for o in orders}) == 30
    expire(*orders)
    runs: list[list[str]] = []
    barrier = threading.Barrier(4)
    events = CancelledEvents()

    def run():
        barrier.wait()
        try:
            runs.append(cancel_expired_orders())
        finally:
            connections.close_all()

    with registered_plugin(events):
        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    cancelled = [order_id for run_ids in runs for order_id in run_ids]
    assert sorted(cancelled) == sorted(o.order_id for o in orders)  # each once, by one run
    assert sorted(order_id for order_id, _reason in events.seen) == sorted(cancelled)
    assert [(a.stock, a.sales) for a in SKU.objects.filter(pk__in=[a.pk for a in apples])] == [
        (100, 0)
    ] * 3


def test_the_admin_cannot_edit_status_directly(order, admin_client):
    admin_client.post(f"/admin/shopkit_orders/order/{order.pk}/change/", {"status": 4})
    assert status_of(order) == OrderStatus.UNPAID


def test_comments_need_a_received_order(order, buyer, fruit):
    comment = CommentInput(fruit["apples"][0].pk, "好吃", 5, False)
    code = code_of(lambda: comment_order(buyer, order.pk, [comment]))
    assert code == ErrorCode.ORDERS_NOT_COMMENTABLE


def test_each_line_is_commented_once_and_the_last_one_completes_the_order(
    received, buyer, fruit, django_capture_on_commit_callbacks
):
    berry, apple = fruit["berries"]["1kg"], fruit["apples"][0]
    assert sku_detail(berry.pk)["comments"] == []  # cached now; the comment must refresh it
    with django_capture_on_commit_callbacks(execute=True):
        done = comment_order(buyer, received.pk, [CommentInput(berry.pk, "很甜", 5, False)])
    assert done is False and status_of(received) == OrderStatus.RECEIVED
    again = CommentInput(berry.pk, "再评", 1, False)
    code = code_of(lambda: comment_order(buyer, received.pk, [again]))
    assert code == ErrorCode.ORDERS_ALREADY_COMMENTED
    assert comment_order(buyer, received.pk, [CommentInput(apple.pk, "一般", 3, True)]) is True
    assert status_of(received) == OrderStatus.COMPLETED
    shown = sku_detail(berry.pk)["comments"]
    assert [(c["name"], c["content"], c["score"]) for c in shown] == [("buyer", "很甜", 5)]
    anonymous = sku_detail(apple.pk)["comments"]
    assert [(c["name"], c["is_anonymous"]) for c in anonymous] == [(None, True)]
    berry.spu.refresh_from_db()
    assert berry.spu.comment_count == 1


def test_a_comment_for_a_sku_not_in_the_order_writes_nothing(received, buyer, fruit):
    berry, stranger_sku = fruit["berries"]["1kg"], fruit["apples"][2]
    comments = [
        CommentInput(berry.pk, "很甜", 5, False),
        CommentInput(stranger_sku.pk, "?", 1, False),
    ]
    code = code_of(lambda: comment_order(buyer, received.pk, comments))
    assert code == ErrorCode.ORDERS_LINE_NOT_FOUND
    assert not received.lines.exclude(commented_at=None).exists()
