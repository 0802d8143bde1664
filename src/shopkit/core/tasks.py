"""Celery tasks every shopkit area shares."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from shopkit.core import outbox

#: The options of every shopkit task: its message is acknowledged once the task
#: has run, and handed back to the broker when the worker dies mid-task, so
#: another worker runs it. Each task is written to be run twice: it changes
#: rows with conditional updates, or wraps its effect in ``outbox.run_once``.
REDELIVERED_IF_LOST = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(
    bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, **REDELIVERED_IF_LOST
)
def send_email(
    self: Any, subject: str, body: str, recipients: list[str], html_body: str | None = None
) -> None:
    """Send one email (plain text, optionally with an HTML part), retrying on
    connection errors so a briefly unreachable mail server loses nothing. Sent
    through the outbox, a redelivered message sends nothing more."""
    message = EmailMultiAlternatives(subject, body, None, recipients)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    outbox.run_once(self.request.id, message.send)


@shared_task(ignore_result=True, **REDELIVERED_IF_LOST)
def relay_outbox() -> int:
    """Send the outbox rows a broker outage left unsent (schedule with beat),
    and delete sent rows older than a week."""
    sent = outbox.relay()
    outbox.purge()
    return sent
