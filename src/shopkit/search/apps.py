from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "shopkit.search"
    label = "shopkit_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from shopkit.search.checks import check_chinese_search
        from shopkit.search.models import SynonymGroup
        from shopkit.search.synonyms import forget_synonyms

        checks.register(check_chinese_search, checks.Tags.compatibility)
        for signal in (post_save, post_delete):
            signal.connect(forget_synonyms, sender=SynonymGroup, dispatch_uid="shopkit.synonyms")
        self._warm_on_start()

    def _warm_on_start(self) -> None:
        """Load the Chinese dictionary now in processes that search (see
        ``shopkit.search.warm`` for which, and why not in a thread)."""
        from shopkit.search.warm import warm_on_start, warm_worker_process

        try:
            from celery.signals import worker_process_init
        except ImportError:  # pragma: no cover - celery is a dependency
            pass
        else:
            worker_process_init.connect(
                warm_worker_process, weak=False, dispatch_uid="shopkit.search.warm"
            )
        warm_on_start()
