"""Searching SKUs and keeping the index fresh, for the storefront, the API and tasks."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import parse_int
from shopkit.core.pagination import page_window
from shopkit.goods.models import SKU
from shopkit.goods.page_cache import cached_page
from shopkit.goods.services import sku_card
from shopkit.goods.tags import sku_tag
from shopkit.search import get_search_backend
from shopkit.search.backends.base import ProgressCallback
from shopkit.search.facets import SearchFilters, facet_rows, narrow_rows


def clean_query(raw: object) -> str:
    """The query to search for, from untrusted input; raises ``ShopkitError``."""
    if raw is None:
        raw = ""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ShopkitError(
            ErrorCode.GOODS_BAD_PARAMETER, gettext_noop("The search query must be text.")
        )
    query = " ".join(str(raw).split())
    if not query:
        raise ShopkitError(ErrorCode.GOODS_SEARCH_QUERY_EMPTY)
    limit = app_settings.SEARCH_MAX_QUERY_LENGTH
    if len(query) > limit:
        raise ShopkitError(
            ErrorCode.GOODS_BAD_PARAMETER,
            gettext("The search query is longer than %(limit)d characters.") % {"limit": limit},
        )
    return query


#: The page-cache tag of every cached search result: bumped whenever the
#: index changes, since any change may add, remove or reorder hits.
INDEX_TAG = "search-index"

#: Pages past this are not looked for (they would overflow database offsets).
MAX_PAGE = 100_000


def requested_page(raw: object) -> int:
    """A 1-based page number from untrusted input; anything unusable is page 1."""
    try:
        page = parse_int(raw)
    except ValueError:
        return 1
    return page if 1 <= page <= MAX_PAGE else 1


def search_skus(
    raw_query: object,
    raw_page: object = 1,
    filters: SearchFilters | None = None,
    facets: bool = False,
) -> dict[str, Any]:
    """One page of launched SKUs matching the query, best first.

    An empty query raises ``GOODS_SEARCH_QUERY_EMPTY``, a too long one
    ``GOODS_BAD_PARAMETER``. A page that is not a number, or past the last
    page, shows the first page (as category lists do). ``filters`` narrow
    the results (:func:`shopkit.search.facets.clean_filters` reads them from
    a request); with ``facets`` or filters, the page also carries
    ``"facets"``, the categories and price ranges of the results with their
    counts (:func:`shopkit.search.facets.narrow_rows`), and ``"filters"``.

    Answers are cached per query, filters and page until the index changes
    (:func:`refresh_index`) or a SKU shown on the page changes.
    """
    query = clean_query(raw_query)
    number = requested_page(raw_page)
    filters = filters or SearchFilters()
    faceted = facets or bool(filters)
    digest = hashlib.sha256(query.encode()).hexdigest()
    key = f"search:{digest}:{number}"
    if faceted:
        key += f":facets:{filters.cache_key()}"
    return cached_page(key, lambda: _search_page(query, number, filters if faceted else None))


def _search_page(
    query: str, number: int, filters: SearchFilters | None
) -> tuple[dict[str, Any], set[str]]:
    backend = get_search_backend()
    per_page = app_settings.SEARCH_PAGE_SIZE
    facets = None
    if filters is None:
        found = backend.search(query, page=number, per_page=per_page)
        total, objects = found.total, found.objects
        if number > max(1, math.ceil(total / per_page)):
            number = 1
            found = backend.search(query, page=number, per_page=per_page)
            total, objects = found.total, found.objects
    else:
        # Filters and counts over every match, the same whichever backend
        # found them. The matches' rows are kept per query until the index
        # changes, so other filters and pages of one query count from memory.
        digest = hashlib.sha256(query.encode()).hexdigest()
        rows = cached_page(
            f"search-facet-rows:{digest}",
            lambda: (facet_rows(backend.matching_ids(query)), {INDEX_TAG}),
        )
        kept, facets = narrow_rows(rows, filters)
        total = len(kept)
        if number > max(1, math.ceil(total / per_page)):
            number = 1
        page_pks = kept[(number - 1) * per_page : number * per_page]
        rows = SKU.objects.in_bulk(page_pks)
        objects = [rows[pk] for pk in page_pks]
    num_pages = max(1, math.ceil(total / per_page))
    page = {
        "query": query,
        "terms": backend.highlight_terms(query),
        "skus": [sku_card(sku) for sku in objects],
        "total": total,
        "page": number,
        "page_size": per_page,
        "num_pages": num_pages,
        "page_numbers": page_window(number, num_pages).numbers,
    }
    if facets is not None:
        page["facets"] = facets
        page["filters"] = (filters or SearchFilters()).params()
    return page, {INDEX_TAG} | {sku_tag(sku.pk) for sku in objects}


def search_suggestions(raw_query: object) -> list[dict[str, str]]:
    """What the shopper typing ``raw_query`` may be looking for: up to
    ``SUGGESTION_LIMIT`` names of launched SKUs and SPUs it begins (as typed,
    in pinyin or its initials, in traditional characters), best first, as
    ``{"text": name}``. The query is checked as :func:`search_skus` checks it.
    """
    from shopkit.search.suggest import suggest

    return [{"text": text} for text in suggest(clean_query(raw_query))]


def rebuild_index(progress: ProgressCallback | None = None) -> int:
    """Empty the index and fill it again (``manage.py shopkit_rebuild_search``);
    returns how many SKUs were indexed. Cached results go stale with it."""
    from shopkit.search.suggest import index_changed

    try:
        return get_search_backend().rebuild(progress)
    finally:
        index_changed()  # bumps INDEX_TAG: cached results and suggestions go stale


def refresh_index(
    sku_ids: Iterable[int] = (), spu_ids: Iterable[int] = (), category_ids: Iterable[int] = ()
) -> int:
    """Bring the index up to date for these SKUs and every SKU of these SPUs and categories.

    SKUs that no longer exist are removed; the backend removes those no
    longer launched. Returns how many SKUs were looked at.
    """
    sku_ids, spu_ids, category_ids = set(sku_ids), set(spu_ids), set(category_ids)
    if not (sku_ids or spu_ids or category_ids):
        return 0
    from shopkit.search.suggest import index_changed

    try:
        return _refresh_index(sku_ids, spu_ids, category_ids)
    finally:
        # Even a refresh that failed part-way may have changed the index.
        # Bumps INDEX_TAG (cached results go stale) and updates suggestions.
        index_changed(sku_ids, spu_ids)


def _refresh_index(sku_ids: set[int], spu_ids: set[int], category_ids: set[int]) -> int:
    backend = get_search_backend()
    skus = list(
        SKU.objects.filter(
            Q(pk__in=sku_ids) | Q(spu_id__in=spu_ids) | Q(category_id__in=category_ids)
        )
    )
    if skus:
        backend.update(skus)
    deleted = sku_ids - {sku.pk for sku in skus}
    if deleted:
        backend.remove([SKU(pk=pk) for pk in sorted(deleted)])
    return len(skus) + len(deleted)
