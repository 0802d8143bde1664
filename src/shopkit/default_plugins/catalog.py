"""The built-in reaction to catalogue changes: stale pages are refreshed."""

from collections.abc import Iterable

from django.db.models import Model

from shopkit import hookimpl
from shopkit.goods.page_cache import invalidate
from shopkit.goods.tags import tags_for_all


@hookimpl
def shopkit_catalog_changed(instances: Iterable[Model]) -> None:
    invalidate(tags_for_all(instances))
