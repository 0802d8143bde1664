from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "shopkit.storefront"
    label = "shopkit_storefront"
    verbose_name = _("Storefront")
    default_auto_field = "django.db.models.BigAutoField"
