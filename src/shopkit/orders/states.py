"""The order state machine, declared in one place.

unpaid → paid → shipped → received → completed, and unpaid/paid → cancelled.
Each transition is one conditional UPDATE (``WHERE status = <source>``), so
under any concurrency exactly one caller moves an order: the one whose update
touched a row. Everything that must happen once (restoring stock, events)
hangs off that success.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.models import Order, OrderStatus


@dataclass(frozen=True)
class Transition:
    sources: tuple[OrderStatus, ...]
    target: OrderStatus
    timestamp_field: str | None = None


TRANSITIONS: dict[str, Transition] = {
    "pay": Transition((OrderStatus.UNPAID,), OrderStatus.PAID, "paid_at"),
    "ship": Transition((OrderStatus.PAID,), OrderStatus.SHIPPED, "shipped_at"),
    "receive": Transition((OrderStatus.SHIPPED,), OrderStatus.RECEIVED, "received_at"),
    "complete": Transition((OrderStatus.RECEIVED,), OrderStatus.COMPLETED),
    "cancel": Transition((OrderStatus.UNPAID, OrderStatus.PAID), OrderStatus.CANCELLED),
}


def allowed_actions(status: int) -> list[str]:
    return [name for name, rule in TRANSITIONS.items() if status in rule.sources]


def apply_transition(
    order_id: str, action: str, sources: tuple[OrderStatus, ...] | None = None, **changes: Any
) -> OrderStatus:
    """Move ``order_id`` by ``action``; return the status it left.

    ``sources`` narrows the statuses the move may start from (a shopper may
    only cancel unpaid orders, say). Raises ``ORDERS_ILLEGAL_TRANSITION`` when
    the order is in none of them — including when another caller moved it first.
    """
    rule = TRANSITIONS[action]
    now = timezone.now()
    if rule.timestamp_field:
        changes[rule.timestamp_field] = now
    for source in sources or rule.sources:
        if source not in rule.sources:
            raise ValueError(f"{action} cannot start from {source!r}")
        moved = Order.objects.filter(pk=order_id, status=source).update(
            status=rule.target, updated=now, **changes
        )
        if moved:
            return OrderStatus(source)
    raise ShopkitError(ErrorCode.ORDERS_ILLEGAL_TRANSITION)
