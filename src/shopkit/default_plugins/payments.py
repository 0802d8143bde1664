"""The built-in reaction to cancelled orders: a paid order's money goes back."""

from typing import Any

from shopkit import hookimpl
from shopkit.payments.services import refund_order


@hookimpl
def shopkit_order_cancelled(order: Any, reason: str) -> None:
    refund_order(order, f"order cancelled: {reason}")
