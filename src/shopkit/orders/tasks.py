"""Celery tasks of the orders app (schedule ``cancel_expired_orders`` with beat)."""

from __future__ import annotations

from celery import shared_task

from shopkit.orders.lifecycle import cancel_expired_orders as cancel_expired


@shared_task
def cancel_expired_orders() -> list[str]:
    """Cancel unpaid orders past ``SHOPKIT_ORDER_PAY_TIMEOUT``, restoring stock once."""
    return cancel_expired()
