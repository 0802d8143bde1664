"""The built-in reaction to catalogue changes: stale pages are refreshed and
the static home page is re-rendered."""

from collections.abc import Iterable

from django.db.models import Model

from shopkit import hookimpl
from shopkit.content.static_index import schedule_static_index
from shopkit.goods.page_cache import invalidate
from shopkit.goods.tags import tags_for_all


@hookimpl
def shopkit_catalog_changed(instances: Iterable[Model]) -> None:
    invalidate(tags_for_all(instances))
    schedule_static_index()
