"""The built-in search: the backend named by ``SHOPKIT_SEARCH_BACKEND``, and
an index kept fresh on every catalogue change."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model

from shopkit import hookimpl
from shopkit.conf import app_settings
from shopkit.core import outbox
from shopkit.search.backends.base import SearchBackend


@hookimpl(trylast=True)
def shopkit_search_backend() -> SearchBackend:
    if app_settings.SEARCH_BACKEND == "database":
        from shopkit.search.backends.database import DatabaseSearchBackend

        return DatabaseSearchBackend()
    from shopkit.search.backends.haystack import HaystackSearchBackend

    return HaystackSearchBackend(app_settings.SEARCH_CONNECTION)


@hookimpl
def shopkit_catalog_changed(instances: Iterable[Model]) -> None:
    """Queue an index refresh for changed SKUs and the SKUs of renamed SPUs and
    categories through the outbox (run after commit in-process when Celery is eager)."""
    from shopkit.goods.models import SKU, SPU, Category
    from shopkit.search.tasks import refresh_search_index

    changed: dict[type, set[int]] = {SKU: set(), SPU: set(), Category: set()}
    for instance in instances:
        for model, ids in changed.items():
            if isinstance(instance, model) and instance.pk is not None:
                ids.add(instance.pk)
    if any(changed.values()):
        outbox.enqueue(
            refresh_search_index,
            sorted(changed[SKU]),
            sorted(changed[SPU]),
            sorted(changed[Category]),
        )
