"""Celery tasks of the orders app (``cancel_expired_orders`` is on shopkit's beat schedule)."""

from __future__ import annotations

from celery import shared_task

from shopkit.core.tasks import REDELIVERED_IF_LOST
from shopkit.orders.lifecycle import cancel_expired_orders as cancel_expired


@shared_task(**REDELIVERED_IF_LOST)
def cancel_expired_orders() -> list[str]:
    """Cancel unpaid orders past ``SHOPKIT_ORDER_PAY_TIMEOUT``, restoring stock once."""
    return cancel_expired()
