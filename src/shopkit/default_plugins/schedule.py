"""shopkit's own periodic work, on the Celery beat schedule of every project.

A project that runs ``celery beat`` gets these entries without listing them;
an entry of the same name in its ``CELERY_BEAT_SCHEDULE`` replaces shopkit's
(another interval, say). Every task here is safe to run twice or in two
workers at once: each changes a row only with a conditional update, or
re-renders what is already there.
"""

from collections.abc import Mapping
from typing import Any

from shopkit import hookimpl

#: Entry name → (task, seconds between runs).
SCHEDULE = {
    # Unpaid orders past SHOPKIT_ORDER_PAY_TIMEOUT: cancelled, stock returned once.
    "shopkit-cancel-expired-orders": ("shopkit.orders.tasks.cancel_expired_orders", 60.0),
    # Refunds a provider refused, tried again after SHOPKIT_REFUND_RETRY_INTERVAL.
    "shopkit-retry-failed-refunds": ("shopkit.payments.tasks.retry_failed_refunds", 300.0),
    # Tasks a broker outage left in the outbox.
    "shopkit-relay-outbox": ("shopkit.core.tasks.relay_outbox", 60.0),
    # The static home page, rendered on every content change, also rendered on
    # a timer so a change whose render was lost (a worker killed) shows anyway.
    "shopkit-render-static-index": ("shopkit.content.tasks.render_static_index", 600.0),
}


@hookimpl(trylast=True)
def shopkit_beat_schedule() -> Mapping[str, Mapping[str, Any]]:
    return {name: {"task": task, "schedule": every} for name, (task, every) in SCHEDULE.items()}
