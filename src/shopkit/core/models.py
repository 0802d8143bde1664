"""Models every shopkit area shares: the task outbox (see :mod:`shopkit.core.outbox`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A task that must run, recorded in the transaction of the change that needs it.

    The relay publishes it to Celery after commit and sets ``sent_at`` in the
    same step; rows with no ``sent_at`` wait for the broker to come back.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    countdown = models.PositiveIntegerField(_("countdown (seconds)"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("publish attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created"],
                name="shopkit_outbox_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"


class DoneTask(models.Model):
    """A mark that the outbox task with this Celery task id already had its
    effect, so a redelivered message does nothing (e.g. mails one mail once)."""

    key = models.CharField(_("task id"), max_length=100, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("done task")
        verbose_name_plural = _("done tasks")

    def __str__(self) -> str:
        return self.key
