"""Staff read orders and ship or refund them; nothing else changes an order here.

Orders come only from checkout, so there is no "Add order"; an order is a
record of money and stock, so none is deleted (cancel it instead: its stock
goes back and a paid order's payment is refunded). Every field, line and
payment is read-only; status moves only through the actions, which run the
lifecycle services (``shopkit.orders.staff``).
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shopkit.core.admin import ReadOnlyModelAdmin
from shopkit.core.times import shop_time_display
from shopkit.orders.models import Order, OrderHistory, OrderLine
from shopkit.orders.staff import REFUND, SHIP, StaffAction, perform


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["sku", "name", "price", "count", "score", "comment"]
    readonly_fields = fields


class OrderHistoryInline(ReadOnlyInline):
    model = OrderHistory
    fields = ["created", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyModelAdmin):
    list_display = [
        "order_id", "user", "status", "total_amount",
        shop_time_display("created", _("created")), shop_time_display("paid_at", _("paid at")),
    ]  # fmt: skip
    list_filter = ["status", "payment_provider", "created"]
    search_fields = ["order_id", "user__username", "receiver", "receiver_mobile"]
    date_hierarchy = "created"
    fieldsets = [
        (None, {"fields": ["order_id", "user", "status", "cancel_reason"]}),
        (
            _("Amounts"),
            {"fields": ["total_count", "goods_amount", "freight", "total_amount"]},
        ),
        (
            _("Deliver to"),
            {"fields": ["receiver", "receiver_address", "receiver_mobile", "receiver_postcode"]},
        ),
        (_("Payments"), {"fields": ["payment_provider", "payments"]}),
        (_("Times"), {"fields": ["created", "paid_at", "shipped_at", "received_at"]}),
    ]
    inlines = [OrderLineInline, OrderHistoryInline]
    actions = ["ship", "refund"]

    def has_ship_permission(self, request: HttpRequest) -> bool:
        return SHIP.allowed(request.user)

    def has_refund_permission(self, request: HttpRequest) -> bool:
        return REFUND.allowed(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [field.name for field in Order._meta.fields] + ["payments"]

    @admin.display(description=_("Payments"))
    def payments(self, order: Order) -> str:
        # The payment app owns Payment (and sits above orders), so its rows
        # are read through the relation it declares.
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (p.provider, p.trade_no, p.amount, p.get_status_display(), p.refund_reason)
                for p in order.payments.all()
            ),
        )
        if not rows:
            return _("none")
        return format_html("<table>{}</table>", rows)

    @admin.action(description=_("Ship selected paid orders"), permissions=["ship"])
    def ship(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._perform(request, SHIP, queryset)

    @admin.action(
        description=_("Refund selected paid orders (cancels them)"), permissions=["refund"]
    )
    def refund(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._perform(request, REFUND, queryset)

    def _perform(
        self, request: HttpRequest, action: StaffAction, queryset: QuerySet[Order]
    ) -> None:
        order_ids = queryset.order_by("pk").values_list("pk", flat=True)
        for level, text in perform(action, order_ids, request.user):
            self.message_user(request, text, level=level)
