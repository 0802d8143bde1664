"""Celery tasks of the payments app (``retry_failed_refunds`` is on shopkit's beat schedule)."""

from __future__ import annotations

import logging

from celery import shared_task

from shopkit.conf import app_settings
from shopkit.core.exceptions import ShopkitError
from shopkit.core.tasks import REDELIVERED_IF_LOST
from shopkit.payments import services
from shopkit.payments.models import Payment

logger = logging.getLogger(__name__)


@shared_task(**REDELIVERED_IF_LOST)
def refund_payment(payment_id: int) -> bool:
    """Refund a payment marked ``refunding``. A refusal leaves it marked, for
    ``retry_failed_refunds`` to try again and, after the last attempt, for
    staff to settle in the admin and the provider's console."""
    try:
        return services.perform_refund(payment_id)
    except ShopkitError as error:
        attempts = Payment.objects.filter(pk=payment_id).values_list("refund_attempts", flat=True)
        if attempts and attempts[0] >= app_settings.REFUND_MAX_ATTEMPTS:
            logger.error(
                "Refund of payment %s failed for the last time (attempt %s): %s; "
                "settle it by hand.",
                payment_id, attempts[0], error.message,
            )  # fmt: skip
        else:
            logger.warning("Refund of payment %s failed, will retry: %s", payment_id, error.message)
        return False


@shared_task(**REDELIVERED_IF_LOST)
def retry_failed_refunds() -> list[int]:
    """Queue again the refunds that failed, after ``SHOPKIT_REFUND_RETRY_INTERVAL``."""
    return services.retry_failed_refunds()
