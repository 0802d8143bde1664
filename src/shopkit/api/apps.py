from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "shopkit.api"
    label = "shopkit_api"
    verbose_name = _("JSON API")
    default_auto_field = "django.db.models.BigAutoField"
