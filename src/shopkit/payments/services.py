"""Paying orders: one service for the storefront, the API and every provider.

The rules that make notifications safe live here, once:

- a message is trusted only after its provider verified it;
- the paid amount must equal the order's total (compared in constant time);
- the order row is locked while a payment is recorded, and the move to paid
  is one conditional UPDATE, so however many identical notifications arrive,
  at once or one after another, exactly one marks the order paid and
  ``shopkit_order_paid`` fires exactly once;
- a trade is recorded once (unique provider + trade number), so a repeated
  notification changes nothing;
- money that arrives for an order that can no longer take it (cancelled, or
  already paid by another trade) is recorded and refunded, never used to
  revive the order.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop

from shopkit.conf import app_settings
from shopkit.core import outbox
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.money import money_text
from shopkit.orders.lifecycle import mark_paid
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.placement import place_order
from shopkit.payments.models import Payment, PaymentStatus
from shopkit.payments.providers.base import PaymentProvider, VerifiedPayment
from shopkit.payments.registry import default_provider_name, get_payment_providers
from shopkit.plugins import fire_event

logger = logging.getLogger(__name__)

NOT_PAYABLE_REASON = "order not payable"

#: Statuses of an order whose money has been taken.
PAID_STATUSES = frozenset(
    {OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.RECEIVED, OrderStatus.COMPLETED}
)


def get_provider(name: str | None) -> PaymentProvider:
    """The active provider ``name`` (the default provider for ``None``)."""
    name = name or default_provider_name()
    provider = get_payment_providers().get(name) if isinstance(name, str) else None
    if provider is None:
        raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNKNOWN)
    return provider


class PaymentCallbacks(NamedTuple):
    """Where a provider sends its notification and the shopper's browser back."""

    notify_url: str
    return_url: str


#: Turns a provider name into its absolute callback URLs. The face that starts
#: a payment builds it (``shopkit.api.callbacks.callback_urls``): the callback
#: routes are the API's, and domain code never reverses a face's URL names.
CallbackUrls = Callable[[str], PaymentCallbacks]


def callback_url(request: HttpRequest | None, path: str) -> str:
    """The absolute URL of the callback at ``path``, on ``SHOPKIT_PAYMENT_BASE_URL`` if set."""
    base = app_settings.PAYMENT_BASE_URL
    if base:
        return base + path
    if request is None:
        raise ShopkitError(
            ErrorCode.SERVER_ERROR,
            gettext_noop("Set SHOPKIT_PAYMENT_BASE_URL to pay outside a request."),
        )
    return request.build_absolute_uri(path)


def pay_url_for(order: Order, callback_urls: CallbackUrls, provider_name: str | None = None) -> str:
    """Where the shopper goes to pay ``order`` with ``provider_name`` (default:
    ``registry.default_provider_name()``); ``callback_urls`` names the
    provider's notify and return URLs.

    Raises ``PAYS_PROVIDER_UNKNOWN`` for a provider that is not active and
    ``PAYS_ORDER_NOT_PAYABLE`` unless the order is unpaid.
    """
    provider = get_provider(provider_name)
    if order.status != OrderStatus.UNPAID:
        raise ShopkitError(ErrorCode.PAYS_ORDER_NOT_PAYABLE)
    return _start(provider, order, callback_urls)


def place_to_pay(
    user: AbstractBaseUser,
    address_id: Any,
    lines: Iterable[tuple[Any, Any]],
    callback_urls: CallbackUrls,
    provider_name: str | None = None,
    *,
    from_cart: bool = False,
) -> tuple[Order, str]:
    """Place an order for ``lines`` and start paying it with ``provider_name``
    (default: ``registry.default_provider_name()``): the order and where the
    shopper goes to pay it.

    All or nothing, as the shopper sees it: the provider is looked up before
    any stock is taken, and it starts the payment inside the placement's
    transaction, so ``PAYS_PROVIDER_UNKNOWN`` or a provider that fails to
    start leaves no order, the stock and the cart as they were. A repeated
    submit gets the first order with a new pay URL.
    """
    provider = get_provider(provider_name)
    started: list[str] = []

    def start(order: Order) -> None:
        started.append(_start(provider, order, callback_urls))

    order = place_order(user, address_id, lines, from_cart=from_cart, then=start)
    return order, started[0] if started else pay_url_for(order, callback_urls, provider.name)


def _start(provider: PaymentProvider, order: Order, callback_urls: CallbackUrls) -> str:
    callbacks = callback_urls(provider.name)
    return provider.start(
        order, return_url=callbacks.return_url, notify_url=callbacks.notify_url
    ).url


def amounts_equal(paid: Decimal, total: Decimal) -> bool:
    """Compare two amounts as their two-place text, in constant time."""
    return hmac.compare_digest(money_text(paid), money_text(total))


def record_verified(provider_name: str, verified: VerifiedPayment) -> tuple[Order, bool]:
    """Record a verified payment; return the order and whether this call paid it.

    Idempotent: a trade already recorded changes nothing. Raises
    ``PAYS_ORDER_NOT_FOUND`` and ``PAYS_AMOUNT_MISMATCH`` without writing
    anything. A trade that did not succeed (``verified.paid`` false) is
    ignored. Money for a cancelled (or already paid) order is recorded as a
    payment to refund, and the refund is queued after commit.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=verified.order_id).first()
        if order is None:
            raise ShopkitError(ErrorCode.PAYS_ORDER_NOT_FOUND)
        if not amounts_equal(verified.amount, order.total_amount):
            raise ShopkitError(ErrorCode.PAYS_AMOUNT_MISMATCH)
        if not verified.paid:
            return order, False
        if Payment.objects.filter(provider=provider_name, trade_no=verified.trade_no).exists():
            return order, False
        payable = order.status == OrderStatus.UNPAID
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    order=order,
                    provider=provider_name,
                    amount=verified.amount,
                    trade_no=verified.trade_no,
                    status=PaymentStatus.PAID if payable else PaymentStatus.REFUNDING,
                    notification=dict(verified.raw),
                    refund_reason="" if payable else NOT_PAYABLE_REASON,
                )
        except IntegrityError:
            # SQLite has no row locks: a concurrent caller recorded the trade first.
            return order, False
        paid_now = payable and mark_paid(order.pk, payment)
        if payable and not paid_now:
            # The order moved after it was read: only where the database
            # ignores the row lock. Its money must go back all the same.
            Payment.objects.filter(pk=payment.pk).update(
                status=PaymentStatus.REFUNDING, refund_reason=NOT_PAYABLE_REASON
            )
        order.refresh_from_db()
        if not paid_now:
            logger.warning(
                "Payment %s for order %s (%s) will be refunded",
                verified.trade_no,
                order.pk,
                order.get_status_display(),
            )
            queue_refund(payment)
    return order, paid_now


def handle_notification(provider_name: str, data: Mapping[str, str]) -> bool:
    """Verify and record a provider notification; ``True`` if it was accepted.

    Rejected notifications (forged, another merchant's, unknown order, wrong
    amount) are logged and change nothing; the provider will send them again.
    """
    return notification_error(provider_name, data) is None


def notification_error(provider_name: str, data: Mapping[str, str]) -> ShopkitError | None:
    """:func:`handle_notification`, for providers whose answer names the
    reason: ``None`` if accepted, else the (logged) error that refused it."""
    try:
        provider = get_provider(provider_name)
        record_verified(provider.name, provider.verify_notification(data))
    except ShopkitError as error:
        logger.warning(
            "Rejected %s payment notification: %s (%s)", provider_name, error.message, error.code
        )
        return error
    return None


def find_return_provider(params: Mapping[str, str]) -> tuple[PaymentProvider, VerifiedPayment]:
    """The active provider whose signature the browser return carries."""
    for provider in get_payment_providers().values():
        try:
            return provider, provider.verify_return(params)
        except ShopkitError:
            continue
    raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)


def confirm_return(provider_name: str | None, params: Mapping[str, str]) -> tuple[Order, bool]:
    """Verify the shopper's return from ``provider_name`` and say whether the order is paid.

    ``None`` finds the provider whose signature the parameters carry. When the
    order is still unpaid (the notification has not arrived), the provider is
    queried and a confirmed payment recorded as a notification would be.
    """
    if provider_name is None:
        provider, verified = find_return_provider(params)
    else:
        provider = get_provider(provider_name)
        verified = provider.verify_return(params)
    order = Order.objects.filter(pk=verified.order_id).first()
    if order is None:
        raise ShopkitError(ErrorCode.PAYS_ORDER_NOT_FOUND)
    if order.status == OrderStatus.UNPAID:
        queried = verified if verified.paid else provider.query(order)
        if queried is not None and queried.paid and queried.order_id == order.pk:
            order, _ = record_verified(provider.name, queried)
    return order, order.status in PAID_STATUSES


def queue_refund(payment: Payment) -> None:
    """Record the refund task for ``payment`` (already marked ``refunding``, with
    its reason) in the outbox: sent after commit, or once the broker is back."""
    from shopkit.payments.tasks import refund_payment

    outbox.enqueue(refund_payment, payment.pk)


def refund_order(order: Order, reason: str) -> Payment | None:
    """Refund the paid payment of ``order`` (e.g. after staff cancelled it), once.

    Returns the payment being refunded, or ``None`` when the order has no paid
    payment (or another caller is already refunding it).
    """
    with transaction.atomic():
        payment = Payment.objects.filter(order=order, status=PaymentStatus.PAID).first()
        if payment is None:
            return None
        moved = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PAID).update(
            status=PaymentStatus.REFUNDING, refund_reason=reason[:100]
        )
        if not moved:
            return None
        queue_refund(payment)
    return payment


def perform_refund(payment_id: int) -> bool:
    """Ask the provider to refund a ``refunding`` payment, counting the attempt;
    ``True`` once it is refunded. A refusal raises ``PAYS_REFUND_FAILED`` and
    leaves the payment ``refunding`` for :func:`retry_failed_refunds`.

    ``shopkit_order_refunded`` fires once the payment is marked refunded;
    ``shopkit_order_refund_failed`` fires for each refused attempt.
    """
    tried = Payment.objects.filter(pk=payment_id, status=PaymentStatus.REFUNDING).update(
        refund_attempts=F("refund_attempts") + 1, updated=timezone.now()
    )
    if not tried:
        return False
    payment = Payment.objects.select_related("order").get(pk=payment_id)
    try:
        # Providers make a repeated refund of one payment a no-op (Alipay by its
        # out_request_no), so a retry racing a late first attempt is harmless.
        get_provider(payment.provider).refund(payment, payment.refund_reason)
    except ShopkitError as error:
        fire_event(
            "shopkit_order_refund_failed",
            order=payment.order,
            payment=payment,
            error=error,
            final=payment.refund_attempts >= app_settings.REFUND_MAX_ATTEMPTS,
        )
        raise
    refunded = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.REFUNDING).update(
        status=PaymentStatus.REFUNDED, refunded_at=timezone.now()
    )
    if refunded:
        payment.refresh_from_db()
        fire_event("shopkit_order_refunded", order=payment.order, payment=payment)
    return True


def retry_failed_refunds() -> list[int]:
    """Queue again every refund still ``refunding`` ``SHOPKIT_REFUND_RETRY_INTERVAL``
    seconds after its last attempt, until ``SHOPKIT_REFUND_MAX_ATTEMPTS``
    attempts; return the ids of the payments queued."""
    from shopkit.payments.tasks import refund_payment

    due = list(
        Payment.objects.filter(
            status=PaymentStatus.REFUNDING,
            updated__lt=timezone.now() - timedelta(seconds=app_settings.REFUND_RETRY_INTERVAL),
            refund_attempts__lt=app_settings.REFUND_MAX_ATTEMPTS,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for payment_id in due:
        outbox.enqueue(refund_payment, payment_id)
    return due
