"""A search backend that needs no index: a database lookup over SKU name and caption.

Every word of the query must appear in the name or the caption (a
case-insensitive ``LIKE``); results are ordered by sales, best first. The
database is the index, so ``update`` and ``remove`` have nothing to do and
results are always fresh. It suits small catalogues and hosts that cannot
keep an index on disk; it does not segment words, so "草莓" finds "新鲜草莓"
but "草莓新鲜" does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import reduce
from operator import and_
from typing import Any

from django.db.models import Model, Q

from shopkit.search.backends.base import ProgressCallback, SearchBackend, SearchPage


class DatabaseSearchBackend(SearchBackend):
    def search(
        self, query: str, page: int, per_page: int, filters: Mapping[str, Any] | None = None
    ) -> SearchPage:
        from shopkit.goods.models import SKU

        words = query.split()
        if not words:
            return SearchPage(objects=[], total=0, page=page, per_page=per_page)
        matches = reduce(and_, (Q(name__icontains=w) | Q(caption__icontains=w) for w in words))
        results = SKU.objects.launched().filter(matches, **(filters or {}))
        start = (page - 1) * per_page
        objects = list(results.order_by("-sales", "id")[start : start + per_page])
        return SearchPage(objects=objects, total=results.count(), page=page, per_page=per_page)

    def update(self, objects: Iterable[Model]) -> None:
        """Nothing to do: searches read the SKU table itself."""

    def remove(self, objects: Iterable[Model]) -> None:
        """Nothing to do: searches read the SKU table itself."""

    def rebuild(self, progress: ProgressCallback | None = None) -> int:
        from shopkit.goods.models import SKU

        total = SKU.objects.launched().count()
        if progress:
            progress(total, total)
        return total
