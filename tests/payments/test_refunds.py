"""Refunds: cancelling a paid order refunds its payment, and refunds the provider
refuses are tried again later, a bounded number of times."""

import logging

import pytest
from celery import current_app
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from shopkit.conf import app_settings
from shopkit.orders.lifecycle import cancel_order
from shopkit.payments.models import Payment, PaymentStatus
from shopkit.payments.services import retry_failed_refunds
from tests.fixtures.payments import age, alipay_pay_url, open_and_pay, post_notify, refund_state
from tests.fixtures.services import LiveWorker

# Refunds are queued when the cancelling transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


def test_cancelling_a_paid_order_refunds_its_payment(alipay, order, client, rf):
    open_and_pay(alipay, order, rf)
    post_notify(client, alipay.notification(order.order_id))
    cancel_order(order.order_id, "staff")
    assert alipay.refunded(order.order_id)
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.REFUNDED
    assert "order cancelled: staff" in payment.refund_reason


def test_cancelling_an_unpaid_order_refunds_nothing(alipay, order, rf):
    alipay.open(alipay_pay_url(order, rf))
    calls_before = len(alipay.calls)
    cancel_order(order.order_id, "shopper", shopper=True)
    assert alipay.calls[calls_before:] == []
    assert not Payment.objects.filter(order=order).exists()


@pytest.fixture
def refused_refund(alipay, order, client, rf):
    """A paid Alipay order, cancelled while the gateway refuses the refund once."""
    open_and_pay(alipay, order, rf)
    post_notify(client, alipay.notification(order.order_id))
    alipay.fail_next_refunds(1)
    cancel_order(order.order_id, "staff")
    yield Payment.objects.get(order=order)
    alipay.fail_next_refunds(0)


def test_a_refused_refund_stays_pending_and_is_retried_after_the_interval(
    alipay, order, refused_refund, settings
):
    settings.SHOPKIT_REFUND_RETRY_INTERVAL = 600
    assert refund_state(refused_refund) == (PaymentStatus.REFUNDING, 1)
    assert not alipay.refunded(order.order_id)
    assert retry_failed_refunds() == []  # tried just now: not yet
    age(refused_refund, 601)
    assert retry_failed_refunds() == [refused_refund.pk]  # eager Celery runs it here
    assert refund_state(refused_refund) == (PaymentStatus.REFUNDED, 2)
    assert alipay.refunded(order.order_id)
    age(refused_refund, 601)
    assert retry_failed_refunds() == []


def test_retries_stop_after_the_last_attempt_and_say_so(
    alipay, order, refused_refund, settings, caplog
):
    settings.SHOPKIT_REFUND_MAX_ATTEMPTS = 2
    alipay.fail_next_refunds(5)
    age(refused_refund, app_settings.REFUND_RETRY_INTERVAL + 1)
    with caplog.at_level(logging.WARNING, logger="shopkit.payments.tasks"):
        assert retry_failed_refunds() == [refused_refund.pk]
    assert refund_state(refused_refund) == (PaymentStatus.REFUNDING, 2)
    assert "for the last time (attempt 2)" in caplog.text
    age(refused_refund, app_settings.REFUND_RETRY_INTERVAL + 1)
    assert retry_failed_refunds() == []
    assert not alipay.refunded(order.order_id)


def test_the_command_retries_what_is_due(alipay, order, refused_refund, capsys):
    age(refused_refund, app_settings.REFUND_RETRY_INTERVAL + 1)
    call_command("shopkit_retry_refunds")
    output = capsys.readouterr().out
    assert f"queued payment {refused_refund.pk}" in output and "1 refunds queued again" in output
    assert refund_state(refused_refund)[0] == PaymentStatus.REFUNDED


def test_the_retry_task_is_scheduled_with_beat():
    tasks = {entry["task"] for entry in current_app.conf.beat_schedule.values()}
    assert "shopkit.payments.tasks.retry_failed_refunds" in tasks


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("name", ["REFUND_RETRY_INTERVAL", "REFUND_MAX_ATTEMPTS"])
@pytest.mark.parametrize("value", [0, -5, "10", True])
def test_bad_retry_settings_are_improperly_configured(settings, name, value):
    setattr(settings, f"SHOPKIT_{name}", value)
    with pytest.raises(ImproperlyConfigured):
        getattr(app_settings, name)


@pytest.mark.services("celery", "postgres")
def test_a_worker_performs_the_retried_refund(order, settings, live_celery_worker):
    # As if the first attempt had failed an interval ago.
    payment = Payment.objects.create(
        order=order, provider="sandbox", amount=order.total_amount, trade_no="T-retry",
        status=PaymentStatus.REFUNDING, refund_reason="order cancelled: staff",
        refund_attempts=1,
    )  # fmt: skip
    age(payment, app_settings.REFUND_RETRY_INTERVAL + 1)
    with live_celery_worker.receiving_tasks():
        assert retry_failed_refunds() == [payment.pk]
        live_celery_worker.wait_for(lambda: refund_state(payment) == (PaymentStatus.REFUNDED, 2))
    assert "refund_payment" in live_celery_worker.log()


@pytest.mark.services("celery", "postgres")
def test_a_refund_whose_worker_process_is_killed_mid_call_runs_again_and_refunds_once(
    alipay, order, client, rf, tmp_path, settings
):
    open_and_pay(alipay, order, rf)
    post_notify(client, alipay.notification(order.order_id))
    payment = Payment.objects.get(order=order)
    worker = LiveWorker(
        tmp_path,
        {
            "SHOPKIT_PLUGINS": ["shopkit.contrib.alipay"],
            "SHOPKIT_PAYMENT_PROVIDERS": settings.SHOPKIT_PAYMENT_PROVIDERS,
        },
        pool="prefork",  # Celery's default: tasks run in child processes
    )
    with worker.running(), worker.receiving_tasks(), alipay.holding_refunds() as hold:
        cancel_order(order.order_id, "staff")
        assert hold.arrived.wait(60), worker.log()  # a child is inside the refund call
        worker.kill_task_process()  # before Alipay answers: the task never finished
        hold.release()  # Alipay refunds anyway
        # The task's message was not acknowledged: the worker hands it back to
        # the broker, and its new child runs it again.
        worker.wait_for(lambda: refund_state(payment)[0] == PaymentStatus.REFUNDED, timeout=60)

    refunds = [
        biz
        for method, biz in alipay.calls  # the gateway serves the whole session
        if method == "alipay.trade.refund" and biz["out_trade_no"] == order.order_id
    ]
    assert len(refunds) == 2  # the killed process's call and the redelivered one
    assert {biz["out_request_no"] for biz in refunds} == {f"{order.order_id}-refund"}
    assert alipay.trades[order.order_id]["refund_fee"] == str(order.total_amount)
    assert refund_state(payment) == (PaymentStatus.REFUNDED, 2)
