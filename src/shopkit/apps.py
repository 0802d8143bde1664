from django.apps import AppConfig


class ShopkitConfig(AppConfig):
    """Builds the plugin manager; list it first among the shopkit apps."""

    name = "shopkit"
    label = "shopkit"
    verbose_name = "shopkit"

    def ready(self) -> None:
        from shopkit import plugins

        plugins.setup()
