"""Staff read payments; they change only through verified provider messages and refunds."""

from django.contrib import admin
from django.http import HttpRequest

from shopkit.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "order", "provider", "amount", "trade_no", "status", "refund_attempts", "created",
        "refunded_at",
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
