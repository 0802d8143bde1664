"""The search backend on an OpenSearch or Elasticsearch cluster.

It speaks only the REST endpoints both have in common (OpenSearch 1 to 3,
Elasticsearch 7.10 and later): index creation with settings and mappings,
``_bulk``, ``_search``, ``_count``, ``_refresh`` and aliases. Searches and
updates go through an alias; a rebuild fills a new index and then moves the
alias to it in one step, so shoppers search the old index until the new one
is complete.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model

from shopkit.contrib.opensearch.config import OpenSearchConfig
from shopkit.contrib.opensearch.index import bulk_actions, index_body
from shopkit.contrib.opensearch.query import ParsedQuery, match_query, parse_query, search_body
from shopkit.core.exceptions import ServiceUnavailable
from shopkit.search.backends.base import ProgressCallback, SearchBackend, SearchPage

try:
    from opensearchpy import OpenSearch, helpers
    from opensearchpy.exceptions import NotFoundError, OpenSearchException, RequestError
except ImportError as exc:
    raise ImproperlyConfigured(
        f'shopkit.contrib.opensearch needs opensearch-py: pip install "shopkit[opensearch]" ({exc})'
    ) from exc

logger = logging.getLogger("shopkit.search")

REBUILD_BATCH_SIZE = 500
#: The deepest hit ``from``/``size`` may reach (the cluster's default
#: ``index.max_result_window``); deeper pages are walked to with ``search_after``.
RESULT_WINDOW = 10_000
#: Hits per request when walking through every match.
WALK_SIZE = 1_000


@contextlib.contextmanager
def cluster_errors(action: str) -> Iterator[None]:
    """Turn the cluster's errors into :class:`ServiceUnavailable` (logged):
    the API answers "temporarily unavailable", never a stack trace."""
    try:
        yield
    except OpenSearchException as exc:
        logger.warning("Search cluster failed to %s: %s", action, exc)
        raise ServiceUnavailable() from exc


class OpenSearchBackend(SearchBackend):
    """SKUs in an OpenSearch or Elasticsearch index; options in :class:`OpenSearchConfig`."""

    def __init__(self, config: OpenSearchConfig) -> None:
        self.config = config
        self.alias = config.index
        # One client per backend, shared by threads: it keeps a pool of connections.
        self.client = OpenSearch(hosts=config.url, timeout=config.timeout, ca_certs=config.ca_certs)

    # What a subclass changes to use the cluster's own analysis plugins
    # (docs/opensearch.md, "With analysis plugins").

    def new_index_body(self) -> dict[str, Any]:
        """The settings and mappings of each new index."""
        return index_body(self.config)

    def search_query(
        self, parsed: ParsedQuery, filters: Mapping[str, Any] | None
    ) -> dict[str, Any]:
        """The ``query`` of a search: which SKUs match, and their score."""
        return match_query(parsed, filters)

    # --- searching -----------------------------------------------------------

    def search(
        self, query: str, page: int, per_page: int, filters: Mapping[str, Any] | None = None
    ) -> SearchPage:
        """A page of launched SKUs, loaded from the database as stored now.

        Between a SKU's unlaunch (or deletion) and the index refresh, the
        cluster still holds it: such a hit is left out of the page and of the
        total, and the page is filled from the hits after it (so a later page
        may repeat one hit until the refresh), as the built-in backends do.
        """
        from shopkit.goods.models import SKU

        parsed = parse_query(query)
        if not parsed.words:
            return SearchPage(objects=[], total=0, page=page, per_page=per_page)
        position, asked = (page - 1) * per_page, per_page
        hits, total = self._hits(parsed, filters, position, asked)
        objects: list[Any] = []
        while hits:
            position += len(hits)
            pks = [int(hit["_id"]) for hit in hits]
            rows = SKU.objects.launched().in_bulk(pks)
            total -= len(pks) - len(rows)
            objects.extend(rows[pk] for pk in pks if pk in rows)
            more = len(hits) == asked  # fewer than asked: the last hits
            asked = per_page - len(objects)
            hits = self._hits(parsed, filters, position, asked)[0] if more and asked else []
        return SearchPage(objects=objects, total=total, page=page, per_page=per_page)

    def _hits(
        self, parsed: ParsedQuery, filters: Mapping[str, Any] | None, start: int, size: int
    ) -> tuple[list[Any], int]:
        """``size`` hits from ``start`` on, best first, and how many match in all."""
        with cluster_errors("search"):
            if start + size <= RESULT_WINDOW:
                body = search_body(self.search_query(parsed, filters), size=size, start=start)
                found = self.client.search(index=self.alias, body=body)
                return found["hits"]["hits"], found["hits"]["total"]["value"]
            body = {"query": self.search_query(parsed, filters)}
            total = self.client.count(index=self.alias, body=body)["count"]
            return list(islice(self._walk(parsed, filters), start, start + size)), total

    def matching_ids(self, query: str) -> list[int]:
        parsed = parse_query(query)
        if not parsed.words:
            return []
        with cluster_errors("search"):
            return [int(hit["_id"]) for hit in self._walk(parsed, None)]

    def _walk(self, parsed: ParsedQuery, filters: Mapping[str, Any] | None) -> Iterator[Any]:
        """Every hit, best first, a request per WALK_SIZE hits (no result window)."""
        clause, after = self.search_query(parsed, filters), None
        while True:
            body = search_body(clause, size=WALK_SIZE, after=after)
            hits = self.client.search(index=self.alias, body=body)["hits"]["hits"]
            yield from hits
            if len(hits) < WALK_SIZE:
                return
            after = hits[-1]["sort"]

    def highlight_terms(self, query: str) -> list[str]:
        return parse_query(query).terms

    # --- indexing ------------------------------------------------------------

    def update(self, objects: Iterable[Model]) -> None:
        """Write the launched ones among ``objects`` as stored now, and take
        out the others; visible to the next search."""
        from shopkit.goods.models import SKU

        pks = {instance.pk for instance in objects}
        skus = list(SKU.objects.filter(pk__in=pks).select_related("spu", "category"))
        gone = pks - {sku.pk for sku in skus}
        self._write(bulk_actions(skus, gone), "update the index")

    def remove(self, objects: Iterable[Model]) -> None:
        gone = {instance.pk for instance in objects}
        self._write(bulk_actions([], gone), "remove from the index")

    def _write(self, actions: list[dict[str, Any]], action: str) -> None:
        if not actions:
            return
        with cluster_errors(action):
            self._ensure_index()
            # Refreshed at once, as the other backends' updates are seen at
            # once; deleting what is not there (404) is not a failure; never
            # written past the alias into an index the cluster would make up.
            helpers.bulk(
                self.client,
                actions,
                index=self.alias,
                refresh=True,
                require_alias=True,
                ignore_status=(404,),
            )

    def _ensure_index(self) -> None:
        """Create the first index, with the alias, when an update comes before
        any rebuild (two workers racing to do it make the same one)."""
        if self.client.indices.exists_alias(name=self.alias):
            return
        body = {**self.new_index_body(), "aliases": {self.alias: {}}}
        try:
            self.client.indices.create(index=f"{self.alias}-first", body=body)
        except RequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise

    def rebuild(self, progress: ProgressCallback | None = None) -> int:
        """Index every launched SKU into a new index, then move the alias to it
        and delete the old one. Changes made while it runs go to the old index:
        rebuild when the catalogue is quiet."""
        from shopkit.goods.models import SKU

        launched = SKU.objects.launched().select_related("spu", "category").order_by("pk")
        total, done = launched.count(), 0
        new = f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        with cluster_errors("rebuild the index"):
            self.client.indices.create(index=new, body=self.new_index_body())
            try:
                for start in range(0, total, REBUILD_BATCH_SIZE):
                    batch = list(launched[start : start + REBUILD_BATCH_SIZE])
                    helpers.bulk(self.client, bulk_actions(batch), index=new)
                    done += len(batch)
                    if progress:
                        progress(done, total)
                self.client.indices.refresh(index=new)
                left = self._move_alias(new)
            except BaseException:
                with contextlib.suppress(OpenSearchException):
                    self.client.indices.delete(index=new)  # never searched: the alias did not move
                raise
            if left:
                self.client.indices.delete(index=",".join(left))
        if progress and not total:
            progress(0, 0)
        return done

    def _move_alias(self, new: str) -> list[str]:
        """Point the alias at ``new`` alone, in one step; return the indices it left."""
        try:
            old = list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            old = []
        moves = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        moves.append({"add": {"index": new, "alias": self.alias}})
        self.client.indices.update_aliases(body={"actions": moves})
        return old
