from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "shopkit.search"
    label = "shopkit_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from shopkit.search.checks import check_chinese_search

        checks.register(check_chinese_search, checks.Tags.compatibility)
