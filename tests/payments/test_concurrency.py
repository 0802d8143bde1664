"""Identical notifications arriving at the same moment, each request on its own
database connection, on PostgreSQL where row locks are real."""

import threading
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from shopkit.api.callbacks import callback_urls
from shopkit.orders.models import OrderStatus
from shopkit.payments.models import Payment
from shopkit.payments.services import pay_url_for

WORKERS = 8


def notify_together(params, workers=WORKERS):
    barrier = threading.Barrier(workers)
    answers, errors = [], []

    def deliver():
        try:
            barrier.wait(timeout=10)
            response = Client().post(
                "/v1/pays/alipay/notify",
                urlencode(params),
                content_type="application/x-www-form-urlencoded",
            )
            answers.append(response.content)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return answers


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_identical_notifications_pay_once(alipay, order, paid_events, rf):
    assert alipay.open(pay_url_for(order, callback_urls(rf.get("/")), "alipay")) == 200
    alipay.pay(order.order_id)
    answers = notify_together(alipay.notification(order.order_id))
    assert answers == [b"success"] * WORKERS
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.filter(order=order).count() == 1
    assert [event[0] for event in paid_events.paid] == [order.pk]


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_concurrent_notifications_racing_a_cancellation_never_revive_the_order(
    alipay, order, paid_events, rf
):
    from shopkit.orders.lifecycle import cancel_order

    alipay.open(pay_url_for(order, callback_urls(rf.get("/")), "alipay"))
    alipay.pay(order.order_id)
    cancel_order(order.order_id, "timeout")
    answers = notify_together(alipay.notification(order.order_id))
    assert answers == [b"success"] * WORKERS
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert alipay.refunded(order.order_id)
    assert alipay.methods_called().count("alipay.trade.refund") >= 1
    assert Payment.objects.filter(order=order).count() == 1
    assert paid_events.paid == []
