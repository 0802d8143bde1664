"""What happens to a placed order: paid, shipped, received, cancelled."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.page_cache import invalidate
from shopkit.goods.stock import return_stock
from shopkit.goods.tags import category_tag, sku_tag
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.states import apply_transition
from shopkit.plugins import fire_event


def get_user_order(user: AbstractBaseUser, order_id: Any) -> Order:
    """The shopper's own order; anyone else's is "not found"."""
    order = Order.objects.filter(pk=str(order_id), user=user).first() if order_id else None
    if order is None:
        raise ShopkitError(ErrorCode.ORDERS_NOT_FOUND)
    return order


def mark_paid(order_id: str, payment: Any) -> bool:
    """Move an unpaid order to paid; ``False`` if it was not unpaid (already
    paid, or cancelled). ``shopkit_order_paid`` fires once, after commit."""
    with transaction.atomic():
        try:
            apply_transition(
                order_id,
                "pay",
                note=f"{payment.provider} {payment.trade_no}",
                payment_provider=payment.provider,
            )
        except ShopkitError:
            return False
        fire_event("shopkit_order_paid", order=Order.objects.get(pk=order_id), payment=payment)
    return True


def ship(order_id: str, *, by: AbstractBaseUser | None = None) -> Order:
    """Move a paid order to shipped (``by`` the staff member who shipped it);
    ``shopkit_order_shipped`` fires once, after commit."""
    return _move_and_announce(order_id, "ship", "shopkit_order_shipped", by)


def confirm_receipt(user: AbstractBaseUser, order_id: Any) -> Order:
    """The shopper confirms a shipped order arrived; ``shopkit_order_received``
    fires once, after commit."""
    order = get_user_order(user, order_id)
    return _move_and_announce(order.pk, "receive", "shopkit_order_received", user)


def _move_and_announce(
    order_id: str, action: str, event: str, by: AbstractBaseUser | None
) -> Order:
    """Apply ``action`` (``ORDERS_ILLEGAL_TRANSITION`` if another caller moved
    the order first) and fire ``event`` with the moved order after commit."""
    with transaction.atomic():
        apply_transition(order_id, action, by=by)
        order = Order.objects.get(pk=order_id)
        fire_event(event, order=order)
    return order


def cancel_order(
    order_id: str, reason: str, *, shopper: bool = False, by: AbstractBaseUser | None = None
) -> OrderStatus:
    """Cancel and put the stock back, exactly once whoever else tries at the
    same time; return the status the order left. A shopper may cancel only an
    unpaid order (the history names the order's shopper); staff may also
    cancel a paid one (the payment app refunds it on ``shopkit_order_cancelled``)."""
    if not shopper:
        return _cancel(order_id, reason, None, by)
    placed = Order.objects.select_related("user").filter(pk=order_id).first()
    return _cancel(order_id, reason, (OrderStatus.UNPAID,), placed.user if placed else None)


#: The cancel reason of :func:`refund`; the payment app's refund reason carries it.
STAFF_REFUND_REASON = "refunded by staff"


def refund(order_id: str, *, by: AbstractBaseUser | None = None) -> Order:
    """Staff take back a paid order that has not shipped: it is cancelled,
    its stock returned, and ``shopkit_order_cancelled`` has the payment app
    refund its payment (``shopkit_order_refunded`` follows once the provider
    did). ``ORDERS_ILLEGAL_TRANSITION`` for any other status: an unpaid order
    has nothing to refund, and a shipped order's stock must not go back on
    sale before its goods do (settle returns in the provider's console)."""
    _cancel(order_id, STAFF_REFUND_REASON, (OrderStatus.PAID,), by)
    return Order.objects.get(pk=order_id)


def _cancel(
    order_id: str,
    reason: str,
    sources: tuple[OrderStatus, ...] | None,
    by: AbstractBaseUser | None,
) -> OrderStatus:
    with transaction.atomic():
        previous = apply_transition(
            order_id, "cancel", sources, by=by, note=reason, cancel_reason=reason[:30]
        )
        order = Order.objects.prefetch_related("lines__sku").get(pk=order_id)
        return_stock((line.sku, line.count) for line in order.lines.all())
        skus = [line.sku for line in order.lines.all()]
        transaction.on_commit(
            lambda: invalidate(
                {sku_tag(s.pk) for s in skus} | {category_tag(s.category_id) for s in skus}
            )
        )
        fire_event("shopkit_order_cancelled", order=order, reason=reason)
    return previous


def cancel_expired_orders() -> list[str]:
    """Cancel unpaid orders older than ``SHOPKIT_ORDER_PAY_TIMEOUT``; return their ids.

    Safe to run concurrently: an order another run cancelled first is skipped.
    """
    deadline = timezone.now() - timedelta(seconds=app_settings.ORDER_PAY_TIMEOUT)
    expired = Order.objects.filter(status=OrderStatus.UNPAID, created__lt=deadline)
    cancelled = []
    for order_id in expired.values_list("order_id", flat=True).iterator():
        try:
            cancel_order(order_id, "timeout")
        except ShopkitError:
            continue
        cancelled.append(order_id)
    return cancelled
