"""The transactional outbox: work that must happen survives a broker outage.

``enqueue(task, *args)`` records an :class:`~shopkit.core.models.OutboxMessage`
in the current transaction, so the work exists exactly when the change that
needs it was committed. After commit the relay tries to publish it at once;
when the broker is down the row stays, the failure is logged once and never
reaches the request. ``relay()`` (the ``relay_outbox`` beat task and
``manage.py shopkit_relay_outbox``) sends every unsent row when the broker is
back.

Each row is published with the Celery task id ``shopkit-outbox-<pk>`` while
its row is locked (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two
relays never publish one row), and marked sent in the same transaction. Should
that commit fail after publishing, the row is published again with the same
task id; tasks whose repetition would double an effect wrap it in
:func:`run_once`, which records the task id as done. With Celery eager (tests,
``DEBUG`` without a broker) the task runs in-process at the same point.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, TypeVar

from celery import current_app
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from shopkit.core.models import DoneTask, OutboxMessage

logger = logging.getLogger(__name__)

T = TypeVar("T")

TASK_ID_PREFIX = "shopkit-outbox-"
#: Sent rows (and done marks) older than this are deleted by the relay task.
KEEP_SENT = timedelta(days=7)

_broker_down = False


def enqueue(task: Any, *args: Any, countdown: int = 0) -> OutboxMessage:
    """Record ``task(*args)`` in the current transaction and publish it after commit.

    ``task`` is a Celery task (or its name); ``args`` must be JSON-serialisable.
    """
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(task=name, args=list(args), countdown=countdown)
    pk = message.pk
    transaction.on_commit(lambda: relay([pk]))
    return message


def task_id(pk: int) -> str:
    return f"{TASK_ID_PREFIX}{pk}"


def relay(ids: Iterable[int] | None = None, limit: int = 1000) -> int:
    """Publish unsent rows (only ``ids`` if given), oldest first; return how many
    were sent. Stops at the first broker failure and leaves the rest unsent; an
    eager task that fails stays unsent too, and is logged."""
    unsent = OutboxMessage.objects.filter(sent_at__isnull=True)
    if ids is not None:
        unsent = unsent.filter(pk__in=list(ids))
    sent = 0
    for pk in unsent.order_by("pk").values_list("pk", flat=True)[:limit]:
        try:
            sent += relay_one(pk)
        except Exception as error:  # noqa: BLE001 - the request must never see it
            OutboxMessage.objects.filter(pk=pk).update(attempts=F("attempts") + 1)
            broker_failed(pk, error)
            if not current_app.conf.task_always_eager:
                break  # the broker is down: the rest would fail the same way
    return sent


def relay_one(pk: int) -> bool:
    """Publish row ``pk`` and mark it sent in one transaction; ``False`` when it
    is already sent or another relay holds it."""
    global _broker_down
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        elif connection.features.has_select_for_update:
            rows = rows.select_for_update()
        message = rows.first()
        if message is None:
            return False
        publish(message)
        OutboxMessage.objects.filter(pk=pk).update(
            sent_at=timezone.now(), attempts=message.attempts + 1
        )
    if _broker_down:
        _broker_down = False
        logger.info("The Celery broker is reachable again; relaying the outbox.")
    return True


def publish(message: OutboxMessage) -> None:
    options: dict[str, Any] = {"task_id": task_id(message.pk), "retry": False}
    if message.countdown:
        options["countdown"] = message.countdown
    task = current_app.tasks.get(message.task)
    if task is not None and current_app.conf.task_always_eager:
        task.apply_async(args=message.args, **options)
        return
    with current_app.producer_or_acquire() as producer:
        # One connection attempt, no sleeping retries: an outage costs the
        # request one refused (or timed-out) connect, never seconds of backoff.
        producer.connection.ensure_connection(max_retries=0)
        if task is None:
            current_app.send_task(message.task, args=message.args, producer=producer, **options)
        else:
            task.apply_async(args=message.args, producer=producer, **options)


def broker_failed(pk: int, error: Exception) -> None:
    """Log a failed publish once per outage (each failure at debug level)."""
    global _broker_down
    if current_app.conf.task_always_eager:
        logger.exception("Outbox task #%s failed in-process; it stays unsent.", pk)
        return
    if not _broker_down:
        _broker_down = True
        logger.warning(
            "The Celery broker is unreachable (%s): outbox message #%s and later ones stay "
            "unsent until `manage.py shopkit_relay_outbox` or the relay_outbox beat task "
            "sends them.",
            error,
            pk,
        )
    else:
        logger.debug("Outbox message #%s not sent: %s", pk, error)


def run_once(key: str | None, effect: Callable[[], T]) -> T | None:
    """Run ``effect`` unless the outbox task ``key`` (its Celery task id) already
    ran it; the done mark commits with the effect, so a failure leaves it unset
    for a retry. Calls not made through the outbox always run."""
    if not key or not key.startswith(TASK_ID_PREFIX):
        return effect()
    with transaction.atomic():
        try:
            with transaction.atomic():
                DoneTask.objects.create(key=key)
        except IntegrityError:
            logger.info("Outbox task %s already ran; skipped.", key)
            return None
        return effect()


def purge(older_than: timedelta = KEEP_SENT) -> int:
    """Delete sent rows and done marks older than ``older_than``."""
    cutoff = timezone.now() - older_than
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    DoneTask.objects.filter(created__lt=cutoff).delete()
    return deleted
