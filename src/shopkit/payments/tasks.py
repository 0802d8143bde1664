"""Celery tasks of the payments app."""

from __future__ import annotations

import logging

from celery import shared_task

from shopkit.core.exceptions import ShopkitError
from shopkit.payments.services import perform_refund

logger = logging.getLogger(__name__)


@shared_task
def refund_payment(payment_id: int, reason: str) -> bool:
    """Refund a payment marked ``refunding``; a refusal leaves it marked so
    staff see it in the admin and the provider's console."""
    try:
        return perform_refund(payment_id, reason)
    except ShopkitError as error:
        logger.error("Refund of payment %s failed: %s", payment_id, error.message)
        return False
