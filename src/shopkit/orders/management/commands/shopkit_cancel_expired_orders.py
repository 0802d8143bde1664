"""``manage.py shopkit_cancel_expired_orders``: what the periodic task does, on demand."""

from typing import Any

from django.core.management.base import BaseCommand

from shopkit.orders.lifecycle import cancel_expired_orders


class Command(BaseCommand):
    help = "Cancel unpaid orders older than SHOPKIT_ORDER_PAY_TIMEOUT and restore their stock."

    def handle(self, *args: Any, **options: Any) -> None:
        cancelled = cancel_expired_orders()
        for order_id in cancelled:
            self.stdout.write(f"cancelled {order_id}")
        self.stdout.write(self.style.SUCCESS(f"{len(cancelled)} expired orders cancelled"))
