"""haystack's Whoosh engine with jieba-segmented text fields."""

from __future__ import annotations

import threading
from typing import Any

from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import TOC, FileIndex
from whoosh.query import CompoundQuery, Query, Term
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from shopkit.search.whoosh_cn.analyzer import ChineseAnalyzer
from shopkit.search.whoosh_cn.fields import ChineseText


class CountingSearcher(Searcher):
    """A searcher that scores the matches of a query of several words in one pass.

    Whoosh normally skips blocks of postings that cannot reach the top
    results, and then, since it skipped some, runs the query a second time to
    count the matches (haystack always asks for the total). For one word the
    skipping pays; for several words (an intersection) it rarely skips
    anything on short product names, so the second pass doubles the cost.
    Such queries are scored once, counting as they go; a single word in an
    index without deleted documents is counted from its document frequency.
    """

    def search(self, q: Query, **kwargs: Any) -> Any:
        if isinstance(q, CompoundQuery):
            kwargs.setdefault("optimize", False)
        results = super().search(q, **kwargs)
        if (
            type(q) is Term
            and results._total is None
            and not (kwargs.get("filter") or kwargs.get("mask"))
        ):
            # One word: having skipped blocks, Whoosh would count its matches
            # by reading every posting again. Without deleted documents the
            # term's document frequency is that count.
            reader = self.reader()
            if not reader.has_deletions():
                found = (q.fieldname, q.text) in reader
                results._total = reader.doc_frequency(q.fieldname, q.text) if found else 0
        return results


class ReaderReusingIndex(FileIndex):
    """A Whoosh index whose searchers share one open reader per thread until
    the index changes.

    haystack opens two readers per search (one to count documents, one to
    search); opening one reads every segment's term table, several
    milliseconds on a large index. Readers of one generation never change,
    so each thread keeps its reader until a writer commits a new generation.
    Writers and other callers of ``reader()`` are unaffected.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._local = threading.local()

    def version(self) -> tuple[int, float | None]:
        """The latest generation, told apart from an equal number in an index
        deleted and built again since (``rebuild`` starts from scratch)."""
        generation = self.latest_generation()
        try:
            modified = self.storage.file_modified(TOC._filename(self.indexname, generation))
        except OSError:  # a writer replaced it just now; the next search looks again
            modified = None
        return generation, modified

    def _shared_reader(self) -> IndexReader:
        version = self.version()
        cached = getattr(self._local, "cached", None)
        if cached is not None and cached[0] == version:
            return cached[1]
        reader = self.reader()
        if cached is not None:
            cached[1].close()
        self._local.cached = (version, reader)
        return reader

    def searcher(self, **kwargs: Any) -> Searcher:
        return CountingSearcher(self._shared_reader(), fromindex=self, closereader=False, **kwargs)

    def doc_count(self) -> int:
        return self._shared_reader().doc_count()


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    """Whoosh search whose text fields segment Chinese with jieba.

    A field declared with its own ``analyzer=`` keeps it; every other text
    field (haystack would use an English stemming analyzer) becomes a
    :class:`~shopkit.search.whoosh_cn.fields.ChineseText` analysed by
    :func:`~shopkit.search.whoosh_cn.analyzer.ChineseAnalyzer`.
    """

    def __init__(self, connection_alias: str, **connection_options: Any) -> None:
        super().__init__(connection_alias, **connection_options)
        self._only_registered_at: tuple[int, float | None] | None = None
        self._only_registered = False

    def setup(self) -> None:
        super().setup()
        self.index = ReaderReusingIndex(self.index.storage, self.index.schema, self.index.indexname)

    def build_models_list(self) -> list[str]:
        """The models to restrict a search to, or none when the index holds
        only registered models.

        haystack restricts every Whoosh search by running a second, unlimited
        search for the registered content types and filtering by its result:
        that scores every document in the index, on every query (about 5 ms
        per 10,000 documents). When no document of another model is in the
        index (checked once per index version, from the term list) the
        restriction changes nothing and is left out.
        """
        registered = super().build_models_list()
        version = self.index.version()
        if self._only_registered_at != version:
            present = {ct.decode() for ct in self.index._shared_reader().lexicon(DJANGO_CT)}
            self._only_registered = present <= set(registered)
            self._only_registered_at = version
        return [] if self._only_registered else registered

    def matching_django_ids(self, query_string: str) -> list[int] | None:
        """The ids of every document matching ``query_string`` (haystack's query
        syntax), best first, read from the ``django_id`` column without making
        a result object per hit; ``None`` when that cannot be done (an index
        built before the column existed, or holding other models)."""
        if not self.setup_complete:
            self.setup()
        if self.build_models_list():
            return None
        searcher = self.index.searcher()
        reader = searcher.reader()
        if not all(leaf.has_column(DJANGO_ID) for leaf, _ in reader.leaf_readers()):
            return None
        parsed = self.parser.parse(force_str(query_string))
        if parsed is None:
            return []
        column = reader.column_reader(DJANGO_ID)
        return [int(column[docnum]) for _, docnum in searcher.search(parsed, limit=None).top_n]

    def build_schema(self, fields: dict[str, Any]) -> tuple[str, Schema]:
        content_field_name, schema = super().build_schema(fields)
        # The id also as a column, read by matching_django_ids (facets).
        schema.remove(DJANGO_ID)
        schema.add(DJANGO_ID, ID(stored=True, sortable=True))
        analyzer = ChineseAnalyzer()
        for field_class in fields.values():
            name = field_class.index_fieldname
            haystack_field = schema[name]
            if field_class.analyzer is None and isinstance(haystack_field, TEXT):
                schema.remove(name)
                schema.add(
                    name,
                    ChineseText(
                        analyzer=analyzer,
                        stored=haystack_field.stored,
                        field_boost=field_class.boost,
                        sortable=haystack_field.column_type is not None,
                    ),
                )
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
