"""The order state machine, declared in one place.

unpaid → paid → shipped → received → completed, and unpaid/paid → cancelled.
Each transition is one conditional UPDATE (``WHERE status = <source>``), so
under any concurrency exactly one caller moves an order: the one whose update
touched a row. Everything that must happen once (restoring stock, events,
the order's history row) hangs off that success.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.models import Order, OrderHistory, OrderStatus


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
    order_id: str,
    action: str,
    sources: tuple[OrderStatus, ...] | None = None,
    *,
    by: AbstractBaseUser | None = None,
    note: str = "",
    **changes: Any,
) -> OrderStatus:
    """Move ``order_id`` by ``action``; return the status it left.

    ``sources`` narrows the statuses the move may start from (a shopper may
    only cancel unpaid orders, say). Raises ``ORDERS_ILLEGAL_TRANSITION`` when
    the order is in none of them — including when another caller moved it first.
    The move is recorded in the order's history with ``by`` (who asked for
    it, ``None`` for the shop itself) and ``note``, in the same transaction.
    """
    rule = TRANSITIONS[action]
    now = timezone.now()
    if rule.timestamp_field:
        changes[rule.timestamp_field] = now
    for source in sources or rule.sources:
        if source not in rule.sources:
            raise ValueError(f"{action} cannot start from {source!r}")
        with transaction.atomic():
            moved = Order.objects.filter(pk=order_id, status=source).update(
                status=rule.target, updated=now, **changes
            )
            if moved:
                OrderHistory.objects.create(
                    order_id=order_id,
                    action=action,
                    from_status=source,
                    to_status=rule.target,
                    actor=by,
                    note=note[:100],
                    created=now,
                )
                return OrderStatus(source)
    raise ShopkitError(ErrorCode.ORDERS_ILLEGAL_TRANSITION)
