"""The transactional outbox: work recorded with the change that needs it,
never lost and never answered with 500 when the broker is down, and
delivered exactly once when it is back (docs/deployment.md, "When the broker
is down")."""

import json
import os
import time
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from serving import free_port

from shopkit.core import outbox
from shopkit.core.models import DoneTask, OutboxMessage
from shopkit.core.tasks import send_email
from tests.fixtures.accounts import PASSWORD

REGISTRATION = {
    "uname": "carol_01",
    "password": PASSWORD,
    "phone": "13912345678",
    "email": "carol@example.com",
}


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json").json()


def reset_pools(app) -> None:
    """Forget Celery's cached connection and producer pools (built for the old
    URL); kombu keeps one pool per URL, so the old ones are reused on return."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str):
    """Send tasks to the broker at ``url`` (not eagerly) inside the block."""
    from example_project.celery import app

    saved = {
        key: app.conf[key]
        for key in (
            "broker_url",
            "broker_write_url",
            "task_always_eager",
            "broker_connection_timeout",
            "broker_connection_retry",
        )
    }
    # Celery prefers the CELERY_BROKER_URL variable to the setting.
    saved_environ = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.update(
        broker_url=url,
        broker_write_url=None,
        task_always_eager=False,
        broker_connection_timeout=1,
        broker_connection_retry=False,
    )
    reset_pools(app)
    try:
        yield
    finally:
        if saved_environ is None:
            del os.environ["CELERY_BROKER_URL"]
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environ
        app.conf.update(saved)
        reset_pools(app)


@pytest.fixture
def dead_broker():
    """Tasks go to an AMQP broker on a local port nothing listens on."""
    with broker_at(f"amqp://guest:guest@127.0.0.1:{free_port()}//"):
        yield


def unsent():
    return list(OutboxMessage.objects.filter(sent_at__isnull=True).order_by("pk"))


@pytest.mark.django_db
def test_enqueued_work_is_recorded_and_runs_in_process_on_commit_when_eager(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = outbox.enqueue(send_email, "Hi", "Body", ["x@example.com"])
            assert not mail.outbox  # nothing runs before commit
    message.refresh_from_db()
    assert message.task == "shopkit.core.tasks.send_email"
    assert message.args == ["Hi", "Body", ["x@example.com"]]
    assert message.sent_at is not None and message.attempts == 1
    assert [m.to for m in mail.outbox] == [["x@example.com"]]
    assert outbox.relay() == 0  # nothing left to send


@pytest.mark.django_db
def test_work_of_a_rolled_back_transaction_is_never_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.enqueue(send_email, "Hi", "Body", ["x@example.com"])
            raise RuntimeError
    assert not OutboxMessage.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_a_redelivered_mail_task_sends_nothing_more():
    key = outbox.task_id(12345)
    send_email.apply(args=["Hi", "Body", ["x@example.com"]], task_id=key)
    send_email.apply(args=["Hi", "Body", ["x@example.com"]], task_id=key)
    assert len(mail.outbox) == 1 and DoneTask.objects.filter(key=key).exists()
    send_email.apply(args=["Hi", "Body", ["x@example.com"]])  # not from the outbox
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_failed_mail_leaves_no_done_mark_so_a_retry_sends_it():
    key = outbox.task_id(777)
    with pytest.raises(OSError):
        outbox.run_once(key, lambda: (_ for _ in ()).throw(OSError("smtp down")))
    assert not DoneTask.objects.filter(key=key).exists()
    assert outbox.run_once(key, lambda: "sent") == "sent"
    assert outbox.run_once(key, lambda: "sent") is None


@pytest.mark.django_db
def test_with_the_broker_down_registration_reset_and_resend_answer_200_and_keep_their_mails(
    client, dead_broker, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(client, "/v1/users", REGISTRATION)
    assert answer["code"] == 200
    assert get_user_model().objects.filter(username="carol_01").exists()
    [activation] = unsent()
    assert activation.task == "shopkit.core.tasks.send_email"
    assert activation.args[2] == ["carol@example.com"] and activation.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        reset = post(client, "/v1/users/password/sms", {"email": "carol@example.com"})
        resent = post(client, "/v1/users/activation", {"email": "carol@example.com"})
    assert reset["code"] == 200 and resent["code"] == 200
    assert len(unsent()) == 3 and not mail.outbox
    warnings = [r for r in caplog.records if "broker is unreachable" in r.getMessage()]
    assert len(warnings) == 1  # logged once for the outage, not once per row
    call_command("shopkit_relay_outbox")  # still down: nothing sent, nothing raised
    assert len(unsent()) == 3


@pytest.mark.django_db
def test_relay_command_sends_what_the_outage_left(client, django_capture_on_commit_callbacks):
    from example_project.celery import app

    with broker_at(f"amqp://guest:guest@127.0.0.1:{free_port()}//"):
        with django_capture_on_commit_callbacks(execute=True):
            outbox.enqueue(send_email, "Hi", "Body", ["x@example.com"])
    assert len(unsent()) == 1 and app.conf.task_always_eager
    call_command("shopkit_relay_outbox")
    assert not unsent() and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_notification_that_needs_a_refund_answers_success_and_keeps_the_refund(
    alipay, order, client, rf, django_capture_on_commit_callbacks
):
    from shopkit.orders.lifecycle import cancel_order
    from shopkit.payments.models import Payment, PaymentStatus
    from tests.fixtures.payments import open_and_pay, post_notify

    open_and_pay(alipay, order, rf)
    cancel_order(order.order_id, "shopper", shopper=True)  # paid, but cancelled first
    with broker_at(f"amqp://guest:guest@127.0.0.1:{free_port()}//"):
        with django_capture_on_commit_callbacks(execute=True):
            answer = post_notify(client, alipay.notification(order.order_id))
    assert answer.content == b"success"
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.REFUNDING
    [refund] = unsent()
    assert refund.task == "shopkit.payments.tasks.refund_payment"
    assert refund.args == [payment.pk]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("shopkit_relay_outbox")  # the broker is back (eager here)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED and alipay.refunded(order.order_id)


def mails_to(worker, recipient: str) -> int:
    files = sorted(worker.mail_dir.glob("*.log")) if worker.mail_dir.exists() else []
    return sum(path.read_text().count(f"To: {recipient}") for path in files)


@pytest.mark.services("celery", "postgres")
@pytest.mark.django_db(transaction=True)
def test_after_the_outage_the_relay_sends_every_mail_exactly_once(client, live_celery_worker):
    with broker_at(f"amqp://guest:guest@127.0.0.1:{free_port()}//"):
        assert post(client, "/v1/users", REGISTRATION)["code"] == 200
        assert post(client, "/v1/users/password/sms", {"email": "carol@example.com"})["code"] == 200
        assert post(client, "/v1/users/activation", {"email": "carol@example.com"})["code"] == 200
    rows = unsent()
    assert len(rows) == 3
    with live_celery_worker.receiving_tasks():
        assert outbox.relay() == 3
        live_celery_worker.wait_for(lambda: mails_to(live_celery_worker, "carol@example.com") >= 3)
        assert outbox.relay() == 0  # a second relay finds nothing to send
        # A row published again (say the relay died before its commit) is
        # delivered with the same task id and sends no second mail.
        outbox.publish(rows[0])
        live_celery_worker.wait_for(
            lambda: live_celery_worker.log().count("succeeded") >= 4, timeout=30
        )
    time.sleep(1)
    assert mails_to(live_celery_worker, "carol@example.com") == 3
    assert not unsent()
    keys = [outbox.task_id(row.pk) for row in rows]
    assert DoneTask.objects.filter(key__in=keys).count() == 3


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_a_row_another_relay_holds_is_skipped_not_sent_twice():
    import threading

    from django.db import connection as main_connection

    with transaction.atomic():  # recorded, but not relayed yet
        first = OutboxMessage.objects.create(task=send_email.name, args=["A", "a", ["a@x.cn"]])
        second = OutboxMessage.objects.create(task=send_email.name, args=["B", "b", ["b@x.cn"]])
    locked, release = threading.Event(), threading.Event()

    def other_relay():
        from django.db import connection

        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_relay)
    thread.start()
    try:
        assert locked.wait(30)
        started = time.monotonic()
        assert outbox.relay() == 1  # skips the held row at once instead of waiting
        assert time.monotonic() - started < 5
    finally:
        release.set()
        thread.join()
    assert [m.subject for m in mail.outbox] == ["B"]
    assert outbox.relay() == 1 and [m.subject for m in mail.outbox] == ["B", "A"]
    assert main_connection.vendor == "postgresql"
    assert not unsent() and second.pk
