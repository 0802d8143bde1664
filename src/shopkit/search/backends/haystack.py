"""The default search backend: a django-haystack connection.

haystack is imported inside the methods because importing it reads
``HAYSTACK_CONNECTIONS``, which must not happen at shopkit import time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import Model

from shopkit.search.backends.base import ProgressCallback, SearchBackend, SearchPage

REBUILD_BATCH_SIZE = 500


class HaystackSearchBackend(SearchBackend):
    def __init__(self, connection_alias: str) -> None:
        self.connection_alias = connection_alias

    def _unified_index(self) -> Any:
        from haystack import connections

        return connections[self.connection_alias].get_unified_index()

    def search(
        self, query: str, page: int, per_page: int, filters: Mapping[str, Any] | None = None
    ) -> SearchPage:
        """The page's hits loaded through the index's ``read_queryset`` (for
        SKUs, the launched ones), one query per model.

        Between a SKU's unlaunch (or deletion) and the index refresh, the
        index still holds it: such a hit is left out of the page and of the
        total, and the page is filled from the hits after it (so a later page
        may repeat one hit until the refresh).
        """
        results = self._matches(query)
        if results is None:
            return SearchPage(objects=[], total=0, page=page, per_page=per_page)
        if filters:
            results = results.filter(**filters)
        position, asked = (page - 1) * per_page, per_page
        hits = list(results[position : position + asked])
        total = results.count()  # from the slice's search: counting first would search all
        objects: list[Model] = []
        while hits:
            position += len(hits)
            found = self._load(hits)
            total -= len(hits) - len(found)
            objects.extend(found)
            more = len(hits) == asked  # fewer than asked: the last hits
            asked = per_page - len(objects)
            hits = list(results[position : position + asked]) if more and asked else []
        return SearchPage(objects=objects, total=total, page=page, per_page=per_page)

    def _load(self, hits: list[Any]) -> list[Model]:
        """The objects of ``hits`` the index's ``read_queryset`` still holds, in order."""
        unified_index = self._unified_index()
        rows: dict[Any, dict[str, Model]] = {}
        for model in {hit.model for hit in hits}:
            pks = [hit.pk for hit in hits if hit.model is model]
            queryset = unified_index.get_index(model).read_queryset(using=self.connection_alias)
            rows[model] = {str(pk): row for pk, row in queryset.in_bulk(pks).items()}
        return [rows[hit.model][hit.pk] for hit in hits if hit.pk in rows[hit.model]]

    def _matches(self, query: str) -> Any:
        """The ``SearchQuerySet`` of ``query``'s matches (``None``: no words)."""
        from haystack.inputs import AutoQuery
        from haystack.query import SQ, SearchQuerySet

        from shopkit.search.synonyms import query_words

        words = query_words(query)
        if not words:
            return None
        # Every word must match, in any of its forms (synonyms).
        matches = reduce(
            and_,
            (reduce(or_, (SQ(content=AutoQuery(form)) for form in forms)) for forms in words),
        )
        return SearchQuerySet(using=self.connection_alias).filter(matches)

    def matching_ids(self, query: str) -> list[int]:
        """Read from the hits in one slice, without loading the objects."""
        from haystack import connections

        results = self._matches(query)
        if results is None:
            return []
        # The Chinese Whoosh engine reads the ids from a column: a tenth of the time.
        fast = getattr(
            connections[self.connection_alias].get_backend(), "matching_django_ids", None
        )
        if fast is not None:
            ids = fast(results.query.build_query())
            if ids is not None:
                return ids
        total = results.count()
        return [int(hit.pk) for hit in results[0:total]] if total else []

    def _by_index(self, objects: Iterable[Model]) -> dict[Any, list[Model]]:
        unified_index = self._unified_index()
        grouped: dict[Any, list[Model]] = defaultdict(list)
        for instance in objects:
            grouped[unified_index.get_index(type(instance))].append(instance)
        return grouped

    def update(self, objects: Iterable[Model]) -> None:
        from haystack import connections

        backend = connections[self.connection_alias].get_backend()
        for index, instances in self._by_index(objects).items():
            # Indexed as stored now (with the index's related rows), not as passed in.
            indexable = list(
                index.index_queryset(using=self.connection_alias).filter(
                    pk__in=[instance.pk for instance in instances]
                )
            )
            if indexable:
                backend.update(index, indexable, commit=True)
            found = {instance.pk for instance in indexable}
            for instance in instances:
                if instance.pk not in found:
                    index.remove_object(instance, using=self.connection_alias)

    def highlight_terms(self, query: str) -> list[str]:
        """The query's words and their synonyms as the connection's analyzer
        cuts them for searching (Whoosh): "新鲜草莓 500g" marks 新鲜, 草莓 and
        500g wherever they appear, "樱桃" also marks 车厘子."""
        from haystack import connections
        from haystack.backends.whoosh_backend import WhooshSearchBackend

        from shopkit.search.synonyms import query_words

        backend = connections[self.connection_alias].get_backend()
        forms = [form for forms in query_words(query) for form in forms]
        if not isinstance(backend, WhooshSearchBackend):
            return forms or super().highlight_terms(query)
        if not backend.setup_complete:
            backend.setup()
        field = backend.schema[backend.content_field_name]
        terms = [token.text for form in forms for token in field.analyzer(form, mode="query")]
        return list(dict.fromkeys(terms)) or super().highlight_terms(query)

    def remove(self, objects: Iterable[Model]) -> None:
        for index, instances in self._by_index(objects).items():
            for instance in instances:
                index.remove_object(instance, using=self.connection_alias)

    def rebuild(self, progress: ProgressCallback | None = None) -> int:
        from haystack import connections

        connection = connections[self.connection_alias]
        backend = connection.get_backend()
        backend.clear(commit=True)
        unified_index = connection.get_unified_index()
        indexes = [unified_index.get_index(model) for model in unified_index.get_indexed_models()]
        querysets = [
            index.build_queryset(using=self.connection_alias).order_by("pk") for index in indexes
        ]
        counts = [queryset.count() for queryset in querysets]
        total, done = sum(counts), 0
        for index, queryset, count in zip(indexes, querysets, counts, strict=True):
            for start in range(0, count, REBUILD_BATCH_SIZE):
                batch = list(queryset[start : start + REBUILD_BATCH_SIZE])
                backend.update(index, batch, commit=True)
                done += len(batch)
                if progress:
                    progress(done, total)
        if hasattr(backend, "optimize"):
            backend.optimize()  # Whoosh: one segment, so every search opens one reader
        return done
