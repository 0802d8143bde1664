"""The built-in reaction to catalogue changes: stale pages are refreshed and
the static home page is re-rendered."""

from collections.abc import Iterable

from django.db.models import Model

from shopkit import hookimpl
from shopkit.content import tags as content_tags
from shopkit.content.static_index import schedule_static_index
from shopkit.goods import tags as goods_tags
from shopkit.goods.page_cache import invalidate


@hookimpl
def shopkit_catalog_changed(instances: Iterable[Model]) -> None:
    instances = list(instances)
    invalidate(goods_tags.tags_for_all(instances) | content_tags.tags_for_all(instances))
    schedule_static_index()
