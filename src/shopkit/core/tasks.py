"""Celery tasks every shopkit area shares."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(
    subject: str, body: str, recipients: list[str], html_body: str | None = None
) -> None:
    """Send one email (plain text, optionally with an HTML part), retrying on
    connection errors so a briefly unreachable mail server loses nothing."""
    message = EmailMultiAlternatives(subject, body, None, recipients)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()
