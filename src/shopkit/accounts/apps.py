from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shopkit.accounts"
    label = "shopkit_accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from shopkit.accounts.checks import check_plugin_providers

        checks.register(check_plugin_providers, checks.Tags.compatibility)
