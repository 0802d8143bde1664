"""Payments: one row per provider trade that paid (or tried to pay) an order.

A payment is only ever written from a verified provider message, so its
``notification`` is what the provider really said. An order has at most one
``paid`` payment (a database constraint); any other trade for the same order
(a cancelled order, a second payment) is refunded.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shopkit.core.money import MONEY_FIELD
from shopkit.orders.models import Order


class PaymentStatus(models.TextChoices):
    PAID = "paid", pgettext_lazy("payments", "paid")
    REFUNDING = "refunding", _("refund pending")
    REFUNDED = "refunded", _("refunded")


class Payment(models.Model):
    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("payments", "order"),
        related_name="payments",
        on_delete=models.PROTECT,
    )
    provider = models.CharField(pgettext_lazy("payments", "payment provider"), max_length=30)
    amount = models.DecimalField(pgettext_lazy("payments", "amount"), **MONEY_FIELD)
    trade_no = models.CharField(_("provider trade number"), max_length=64)
    status = models.CharField(
        pgettext_lazy("payments", "status"),
        max_length=10,
        choices=PaymentStatus.choices,
        db_index=True,
    )
    notification = models.JSONField(_("verified notification"), default=dict, blank=True)
    refund_reason = models.CharField(_("refund reason"), max_length=100, blank=True)
    refund_attempts = models.PositiveSmallIntegerField(_("refund attempts"), default=0)
    created = models.DateTimeField(pgettext_lazy("payments", "created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("payments", "updated"), auto_now=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="paid"),
                name="shopkit_one_paid_payment_per_order",
            ),
            models.UniqueConstraint(
                fields=["provider", "trade_no"], name="shopkit_payment_trade_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} · {self.provider} {self.trade_no}"
