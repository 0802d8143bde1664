"""Orders and their lines. Prices, names and the address are snapshots taken
at placement, so later catalogue or address edits never change an order."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shopkit.core.money import MONEY_FIELD
from shopkit.goods.models import SKU


class OrderStatus(models.IntegerChoices):
    CANCELLED = 0, _("cancelled")
    UNPAID = 1, _("unpaid")
    PAID = 2, _("paid, awaiting shipment")
    SHIPPED = 3, _("shipped")
    RECEIVED = 4, _("received, awaiting comment")
    COMPLETED = 5, _("completed")


class Order(models.Model):
    """A shopper's order; its lines are :class:`OrderLine` rows.

    shopkit never calls ``save()`` on an order or a line: placement inserts
    them with prepared SQL (``shopkit.orders.prepared``) and every later change
    is a conditional ``QuerySet.update()``. So no ``pre_save``/``post_save``
    fires for ``Order`` or ``OrderLine`` when shopkit writes them, nor for the
    ``SKU`` whose stock placement takes. React to the events instead:
    ``shopkit_order_placed``, ``shopkit_order_paid``, ``shopkit_order_cancelled``,
    each after commit (``docs/orders.md``, "Model signals and events").
    """

    order_id = models.CharField(_("order number"), max_length=16, primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shopper"),
        related_name="shopkit_orders",
        on_delete=models.PROTECT,
    )
    status = models.PositiveSmallIntegerField(
        _("status"), choices=OrderStatus.choices, default=OrderStatus.UNPAID, db_index=True
    )
    receiver = models.CharField(_("receiver"), max_length=20)
    receiver_address = models.CharField(_("address"), max_length=100)
    receiver_mobile = models.CharField(_("receiver's mobile phone"), max_length=11)
    receiver_postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    total_count = models.PositiveIntegerField(_("total count"))
    goods_amount = models.DecimalField(_("goods amount"), **MONEY_FIELD)
    freight = models.DecimalField(_("freight"), **MONEY_FIELD)
    total_amount = models.DecimalField(_("total amount"), **MONEY_FIELD)
    payment_provider = models.CharField(_("payment provider"), max_length=30, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=30, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["user", "status", "-created"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(order_id__regex=r"^[0-9]{1,16}$"), name="shopkit_order_id_digits"
            ),
        ]
        # Staff move orders only through these (both admins); nobody adds,
        # edits or deletes an order there (docs/orders.md, "Staff").
        permissions = [
            ("ship_order", _("Can ship order")),
            ("refund_order", _("Can refund order")),
        ]

    def __str__(self) -> str:
        return self.order_id


class OrderLine(models.Model):
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    sku = models.ForeignKey(
        SKU, verbose_name=_("SKU"), related_name="order_lines", on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100)
    image = models.CharField(_("image"), max_length=200, blank=True)
    sale_attributes = models.JSONField(_("sale attributes"), default=list, blank=True)
    price = models.DecimalField(_("price"), **MONEY_FIELD)
    count = models.PositiveIntegerField(_("count"), validators=[MinValueValidator(1)])
    comment = models.TextField(_("comment"), blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    is_anonymous = models.BooleanField(_("anonymous comment"), default=False)
    commented_at = models.DateTimeField(_("commented at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        indexes = [models.Index(fields=["sku", "-commented_at"])]

    def __str__(self) -> str:
        return f"{self.order_id} · {self.name} × {self.count}"

    @property
    def total_amount(self):  # noqa: ANN201 - a Decimal
        return self.price * self.count


class OrderHistory(models.Model):
    """One status move of an order: which, when and by whom.

    ``shopkit.orders.states.apply_transition`` writes it in the transaction
    of the conditional update that made the move, so there is a row exactly
    for each move that happened. ``actor`` is the shopper or staff member who
    asked for it; empty for the shop's own moves (a payment notification,
    the expiry task).
    """

    order = models.ForeignKey(
        Order, verbose_name=_("order"), related_name="history", on_delete=models.CASCADE
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.PositiveSmallIntegerField(_("from status"), choices=OrderStatus.choices)
    to_status = models.PositiveSmallIntegerField(_("to status"), choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    note = models.CharField(_("note"), max_length=100, blank=True)
    created = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("order history entry")
        verbose_name_plural = _("order history")

    def __str__(self) -> str:
        return (
            f"{self.order_id} · {self.get_from_status_display()} → {self.get_to_status_display()}"
        )
