"""``manage.py shopkit_relay_outbox``: send the tasks a broker outage left in the outbox."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shopkit.core import outbox
from shopkit.core.models import OutboxMessage


class Command(BaseCommand):
    help = (
        "Publish every unsent outbox row to Celery (the relay_outbox beat task does the "
        "same); rows stay unsent while the broker is down."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = outbox.relay()
        left = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Sent {sent} outbox message(s); {left} unsent.")
