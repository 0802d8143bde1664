from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "shopkit.orders"
    label = "shopkit_orders"
    verbose_name = _("Orders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from shopkit.orders.checks import check_databases

        checks.register(check_databases, checks.Tags.compatibility)
