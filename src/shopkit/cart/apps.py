from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CartConfig(AppConfig):
    name = "shopkit.cart"
    label = "shopkit_cart"
    verbose_name = _("Cart")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from shopkit.cart.checks import check_cart_cache

        checks.register(check_cart_cache, checks.Tags.caches)
