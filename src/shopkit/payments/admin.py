"""Staff read payments; they change only through verified provider messages and refunds."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shopkit.core.times import shop_time_display
from shopkit.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "order", "provider", "amount", "trade_no", "status", "refund_attempts",
        shop_time_display("created", _("created")),
        shop_time_display("refunded_at", _("refunded at")),
    ]  # fmt: skip
    list_filter = ["status", "provider"]
    search_fields = ["order__order_id", "trade_no"]
    date_hierarchy = "created"

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [field.name for field in Payment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
