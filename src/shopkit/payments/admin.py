"""Staff read payments; they change only through verified provider messages and refunds."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shopkit.core.admin import ReadOnlyModelAdmin
from shopkit.core.times import shop_time_display
from shopkit.payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(ReadOnlyModelAdmin):
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
