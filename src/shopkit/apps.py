from typing import Any

from django.apps import AppConfig


class ShopkitConfig(AppConfig):
    """Builds the plugin manager; list it first among the shopkit apps."""

    name = "shopkit"
    label = "shopkit"
    verbose_name = "shopkit"

    def __init__(self, app_name: str, app_module: Any) -> None:
        super().__init__(app_name, app_module)
        # Not in ready(): haystack, listed after shopkit in shopkit.APPS, reads
        # its setting when the registry imports it, before any ready() runs.
        from django.conf import settings

        from shopkit.wiring import apply_third_party_defaults

        apply_third_party_defaults(settings)

    def ready(self) -> None:
        from shopkit import plugins
        from shopkit.core import plugin_templates
        from shopkit.core.broker import (
            include_plugin_beat_entries,
            run_tasks_in_process_without_broker,
        )

        plugins.setup()
        run_tasks_in_process_without_broker()
        include_plugin_beat_entries()
        plugin_templates.install()
