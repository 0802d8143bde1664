"""Staff see orders and mark paid ones shipped; the state machine is enforced here too."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shopkit.core.exceptions import ShopkitError
from shopkit.orders.lifecycle import ship
from shopkit.orders.models import Order, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["sku", "name", "price", "count", "score", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["order_id", "user", "status", "total_amount", "created", "paid_at"]
    list_filter = ["status", "payment_provider"]
    search_fields = ["order_id", "user__username", "receiver", "receiver_mobile"]
    date_hierarchy = "created"
    inlines = [OrderLineInline]
    actions = ["mark_shipped"]

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        # Status changes only through actions, so the state machine cannot be bypassed.
        return [field.name for field in Order._meta.fields]

    @admin.action(description=_("Mark selected paid orders as shipped"))
    def mark_shipped(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        shipped, refused = 0, []
        for order in queryset:
            try:
                ship(order.pk)
                shipped += 1
            except ShopkitError:
                refused.append(order.pk)
        if shipped:
            self.message_user(
                request, ngettext("%d order shipped.", "%d orders shipped.", shipped) % shipped
            )
        if refused:
            self.message_user(
                request,
                _("Not paid or already shipped: %s") % ", ".join(refused),
                level=messages.WARNING,
            )
