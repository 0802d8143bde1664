"""Facets over many matches stay bounded: ids from the index's column, the
matches' rows read once per query and index generation."""

from __future__ import annotations

import pytest
from haystack import connections

from shopkit.search.backends.haystack import HaystackSearchBackend
from shopkit.search.facets import SearchFilters
from shopkit.search.services import refresh_index, search_skus
from tests.fixtures.catalogue import make_skus


def slow_ids(backend, query):
    results = backend._matches(query)
    return [int(hit.pk) for hit in results[0 : results.count()]]


@pytest.mark.parametrize("query", ["苹果", "草莓", "果", "pingguo", "caomei 500g", "榴莲"])
def test_the_whoosh_column_gives_the_ids_haystack_gives_in_the_same_order(search_catalogue, query):
    make_skus(search_catalogue["category"], 12, prefix="红富士苹果")
    backend = HaystackSearchBackend("default")
    backend.rebuild()
    engine = connections["default"].get_backend()
    results = backend._matches(query)
    assert engine.matching_django_ids(results.query.build_query()) is not None
    assert backend.matching_ids(query) == slow_ids(backend, query)


def test_other_filters_of_a_query_count_from_the_cached_rows(search_catalogue, monkeypatch):
    first = search_skus("苹果", 1, SearchFilters(), facets=True)
    assert first["total"] == 3

    def no_search(self, query):
        raise AssertionError("the matches' rows should come from the cache")

    monkeypatch.setattr(HaystackSearchBackend, "matching_ids", no_search)
    cheap = search_skus("苹果", 1, SearchFilters(price_max=11), facets=True)
    assert cheap["total"] == 2
    assert cheap["facets"]["categories"][0]["count"] == 2


def test_a_catalogue_change_drops_the_cached_rows(search_catalogue):
    assert search_skus("苹果", 1, SearchFilters(), facets=True)["total"] == 3
    added = make_skus(search_catalogue["category"], 2, prefix="青苹果")
    refresh_index([sku.pk for sku in added])  # what the task does after the commit
    assert search_skus("苹果", 1, SearchFilters(), facets=True)["total"] == 5


def test_a_one_word_total_is_right_with_and_without_deleted_documents(search_catalogue):
    """A single word is counted from its document frequency only while the
    index has no deleted documents; after an update that deletes one, it is
    counted by reading the postings: the total stays right either way."""
    backend = HaystackSearchBackend("default")
    make_skus(search_catalogue["category"], 4, prefix="红富士苹果")
    backend.rebuild()
    reader = connections["default"].get_backend().index._shared_reader()
    assert not reader.has_deletions()
    assert backend.search("苹果", page=1, per_page=2).total == 7  # 苹果 0-2, 红富士苹果 0-3
    assert len(backend.matching_ids("苹果")) == 7
    apple = search_catalogue["apples"][0]
    apple.is_launched = False
    apple.save()
    backend.update([apple])  # its document is deleted (or merged away)
    assert backend.search("苹果", page=1, per_page=2).total == 6
    assert len(backend.matching_ids("苹果")) == 6
