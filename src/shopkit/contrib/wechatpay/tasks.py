"""Closing the WeChat trade of a cancelled order, so its QR code and H5 page
stop taking money (money that still arrives is refunded, never revives it)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from shopkit.contrib.wechatpay.provider import WechatPayProvider
from shopkit.core import outbox
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.models import Order, OrderStatus
from shopkit.payments.registry import get_payment_providers

logger = logging.getLogger(__name__)


def queue_closing(order: Any) -> None:
    """Queue :func:`close_trade` for ``order`` with every active WeChat Pay provider."""
    for provider in get_payment_providers().values():
        if isinstance(provider, WechatPayProvider):
            outbox.enqueue(close_trade, provider.name, order.pk)


@shared_task
def close_trade(provider_name: str, order_id: str) -> bool:
    """Close the WeChat trade of the cancelled, never paid order ``order_id``;
    whether WeChat closed one (or had none to close)."""
    provider = get_payment_providers().get(provider_name)
    order = Order.objects.filter(pk=order_id, status=OrderStatus.CANCELLED).first()
    if not isinstance(provider, WechatPayProvider) or order is None or order.payments.exists():
        return False
    try:
        provider.close(order)
    except ShopkitError as error:
        # An unclosed trade expires by itself; a payment to it is refunded.
        logger.warning("Could not close the WeChat trade of %s: %s", order_id, error.message)
        return False
    return True
