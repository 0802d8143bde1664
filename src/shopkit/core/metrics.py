"""What the shop does, counted where it happens, in Prometheus form.

The counters live in ``prometheus_client``'s default registry, which
``/metrics`` (:mod:`shopkit.ops`) exports beside django-prometheus' request
metrics. Under gunicorn or Celery with several processes, set
``PROMETHEUS_MULTIPROC_DIR`` to a folder every process can write before they
start: each process then writes its counts there and ``/metrics`` adds them up
(see the deployment docs).

Label values are bounded sets (provider names, task names, outcomes), never
ids or free text, so the number of series stays small.
"""

from __future__ import annotations

import time

from celery.signals import task_postrun, task_prerun
from prometheus_client import Counter, Histogram

ORDERS_PLACED = Counter("shopkit_orders_placed", "Orders placed (committed).")
ORDERS_PAID = Counter("shopkit_orders_paid", "Orders paid, by payment provider.", ["provider"])
PAID_AMOUNT = Counter(
    "shopkit_paid_amount", "Money received, in the shop's currency, by provider.", ["provider"]
)
ORDERS_CANCELLED = Counter("shopkit_orders_cancelled", "Orders cancelled (committed).")
REFUNDS = Counter(
    "shopkit_refunds", "Refund attempts by outcome: refunded, failed or gave_up.", ["outcome"]
)
STOCK_OUTS = Counter(
    "shopkit_stock_outs", "Orders refused because a SKU had less stock than asked for."
)
TASKS = Counter(
    "shopkit_celery_tasks", "Celery tasks finished, by task and state.", ["task", "state"]
)
TASK_SECONDS = Histogram("shopkit_celery_task_seconds", "Celery task run time.", ["task"])


_task_started: dict[str, float] = {}


def _task_prerun(task_id: str, **_: object) -> None:
    _task_started[task_id] = time.perf_counter()


def _task_postrun(task_id: str, task: object, state: str | None, **_: object) -> None:
    name = getattr(task, "name", "unknown")
    TASKS.labels(task=name, state=(state or "UNKNOWN").lower()).inc()
    started = _task_started.pop(task_id, None)
    if started is not None:
        TASK_SECONDS.labels(task=name).observe(time.perf_counter() - started)


def count_tasks() -> None:
    """Count every Celery task this process runs (called from ``ready()``; idempotent)."""
    task_prerun.connect(_task_prerun, weak=False, dispatch_uid="shopkit.metrics.prerun")
    task_postrun.connect(_task_postrun, weak=False, dispatch_uid="shopkit.metrics.postrun")
