from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "shopkit.search"
    label = "shopkit_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"
