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
            check_replicas,
            check_storage_plugins,
            check_urls,
            run_plugin_checks,
        )
        from shopkit.core.metrics import count_tasks
        from shopkit.core.plugin_checks import (
            check_cart_store_atomicity,
            check_plugin_config,
            check_plugin_overrides,
        )

        checks.register(check_middleware, checks.Tags.compatibility)
        checks.register(check_urls, checks.Tags.urls)
        checks.register(check_broker, checks.Tags.compatibility)
        checks.register(check_storage_plugins, checks.Tags.compatibility)
        checks.register(check_removed_settings, checks.Tags.compatibility)
        checks.register(check_replicas, checks.Tags.database)
        checks.register(run_plugin_checks, checks.Tags.compatibility)
        checks.register(check_plugin_config, checks.Tags.compatibility)
        checks.register(check_plugin_overrides, checks.Tags.compatibility)
        checks.register(check_cart_store_atomicity, checks.Tags.compatibility)
        count_tasks()
