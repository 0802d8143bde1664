from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shopkit.core"
    label = "shopkit_core"
    verbose_name = _("shopkit core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from shopkit.core.checks import (
            check_broker,
            check_middleware,
            check_removed_settings,
            check_storage_plugins,
            check_urls,
        )

        checks.register(check_middleware, checks.Tags.compatibility)
        checks.register(check_urls, checks.Tags.urls)
        checks.register(check_broker, checks.Tags.compatibility)
        checks.register(check_storage_plugins, checks.Tags.compatibility)
        checks.register(check_removed_settings, checks.Tags.compatibility)
