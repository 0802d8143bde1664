"""``manage.py shopkit_retry_refunds``: what the periodic task does, on demand."""

from typing import Any

from django.core.management.base import BaseCommand

from shopkit.payments.services import retry_failed_refunds


class Command(BaseCommand):
    help = (
        "Queue again the refunds still pending SHOPKIT_REFUND_RETRY_INTERVAL seconds after "
        "their last attempt, up to SHOPKIT_REFUND_MAX_ATTEMPTS attempts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = retry_failed_refunds()
        for payment_id in queued:
            self.stdout.write(f"queued payment {payment_id}")
        self.stdout.write(self.style.SUCCESS(f"{len(queued)} refunds queued again"))
