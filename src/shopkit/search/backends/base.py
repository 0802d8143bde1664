"""The search backend interface behind ``shopkit_search_backend()``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

#: Called during a rebuild with (objects indexed so far, objects to index).
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class SearchPage:
    """One page of search results: the matched objects, best first."""

    objects: list[Any]
    total: int
    page: int
    per_page: int


class SearchBackend:
    """Base class of search backends.

    Subclasses implement ``search``, ``update``, ``remove`` and ``rebuild``;
    ``highlight_terms`` has a default that splits the query on spaces, and
    ``matching_ids`` one that pages through ``search``.
    """

    #: How many objects each ``search`` call of the default ``matching_ids`` asks for.
    MATCHING_IDS_PAGE = 500

    def matching_ids(self, query: str) -> list[int]:
        """The primary keys of every object matching ``query``, best first.

        Facets and filters are counted over these (:mod:`shopkit.search.facets`),
        so every backend gives the same counts. The default pages through
        :meth:`search`; a backend that can list matches without loading the
        objects should override it.
        """
        found: list[int] = []
        page = 1
        while True:
            results = self.search(query, page=page, per_page=self.MATCHING_IDS_PAGE)
            found.extend(instance.pk for instance in results.objects)
            if not results.objects or page * self.MATCHING_IDS_PAGE >= results.total:
                return found
            page += 1

    def highlight_terms(self, query: str) -> list[str]:
        """The words of ``query`` to mark in the text of results.

        Backends that segment words (such as Chinese) return the words they
        searched for, so the marks match what was found.
        """
        return query.split()

    def search(
        self, query: str, page: int, per_page: int, filters: Mapping[str, Any] | None = None
    ) -> SearchPage:
        """Return page ``page`` (1-based) of the objects matching ``query``."""
        raise NotImplementedError(f"{type(self).__name__} must implement search()")

    def update(self, objects: Iterable[Model]) -> None:
        """Add or refresh ``objects`` in the index (removing those no longer indexable)."""
        raise NotImplementedError(f"{type(self).__name__} must implement update()")

    def remove(self, objects: Iterable[Model]) -> None:
        """Take ``objects`` out of the index."""
        raise NotImplementedError(f"{type(self).__name__} must implement remove()")

    def rebuild(self, progress: ProgressCallback | None = None) -> int:
        """Empty the index and index everything again; return how many objects were indexed."""
        raise NotImplementedError(f"{type(self).__name__} must implement rebuild()")
