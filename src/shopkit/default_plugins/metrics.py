"""The built-in business metrics: orders placed, paid, cancelled and refunded.

They count committed events (events fire after commit), so a rolled-back
placement is never counted; stock-outs are counted where placement refuses.
"""

from typing import Any

from shopkit import hookimpl
from shopkit.core import metrics


@hookimpl
def shopkit_order_placed(order: Any) -> None:
    metrics.ORDERS_PLACED.inc()


@hookimpl
def shopkit_order_paid(order: Any, payment: Any) -> None:
    metrics.ORDERS_PAID.labels(provider=payment.provider).inc()
    metrics.PAID_AMOUNT.labels(provider=payment.provider).inc(float(payment.amount))


@hookimpl
def shopkit_order_cancelled(order: Any, reason: str) -> None:
    metrics.ORDERS_CANCELLED.inc()


@hookimpl
def shopkit_order_refunded(order: Any, payment: Any) -> None:
    metrics.REFUNDS.labels(outcome="refunded").inc()


@hookimpl
def shopkit_order_refund_failed(order: Any, payment: Any, error: Any, final: bool) -> None:
    metrics.REFUNDS.labels(outcome="gave_up" if final else "failed").inc()
