from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "shopkit.payments"
    label = "shopkit_payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from shopkit.payments.checks import (
            check_payment_providers,
            check_plugin_payment_providers,
            check_sandbox_in_production,
        )

        checks.register(check_payment_providers, checks.Tags.compatibility)
        checks.register(check_plugin_payment_providers, checks.Tags.compatibility)
        checks.register(check_sandbox_in_production, checks.Tags.security, deploy=True)
