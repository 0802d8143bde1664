"""The ``_search`` bodies, built as plain data so they can be checked without a cluster.

A query is read in Python as the database backend reads it
(:func:`shopkit.search.synonyms.query_words`: normalised, cut into runs of
Chinese and runs of letters and digits, each with its synonyms), so a
synonym group an editor saves applies to the next search, with no reindex.
Every word must match, in one of its forms: the text holds all its runs of
up to three characters (a word of up to three characters is one term, a
longer one all its runs of three, as the Whoosh backend searches), or, for
a word of two letters or more, a pinyin form begins with it.

Which documents match is a filter; the score only ranks them, in tiers: an
exact name, then a name containing the whole query, then one point per
query word found as a whole jieba word. Ties go to the best sellers, then
the lower id, so pages never overlap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shopkit.search.backends.database import DatabaseSearchBackend
from shopkit.search.language import (
    could_be_pinyin,
    normalise,
    query_grams,
    without_spaces_between_cjk,
)
from shopkit.search.synonyms import query_words

EXACT_NAME_BOOST = 100_000
NAME_CONTAINS_BOOST = 1_000
#: Per query word found whole: a query would need a thousand of them to
#: outrank a name containing it.
WHOLE_WORD_BOOST = 1
SORT = [{"_score": "desc"}, {"sales": "desc"}, {"id": "asc"}]
#: The document fields ``filters`` may name, with Django's lookups.
FILTER_FIELDS = ("category_id", "spu_id", "price", "sales")
RANGE_LOOKUPS = ("gt", "gte", "lt", "lte")


@dataclass(frozen=True)
class ParsedQuery:
    """A shopper's query as the index is searched with it."""

    #: The query as names are stored: compared with whole names.
    whole: str
    #: Each word a result must match, with its synonyms.
    words: list[list[str]]
    #: The jieba words of those, marked on result pages and ranked as whole words.
    terms: list[str]


def parse_query(query: str) -> ParsedQuery:
    """Read ``query`` as shopkit's other backends do (synonyms as saved now)."""
    return ParsedQuery(
        whole=without_spaces_between_cjk(normalise(query)),
        words=query_words(query),
        # The words the database backend marks: both backends find by the same words.
        terms=DatabaseSearchBackend().highlight_terms(query),
    )


def contains(field: str, text: str) -> dict[str, Any]:
    """Documents whose ``field`` holds every run of characters ``text`` is searched by."""
    terms = [{"term": {field: gram}} for gram in query_grams(text)]
    return terms[0] if len(terms) == 1 else {"bool": {"filter": terms}}


def form_matches(form: str) -> list[dict[str, Any]]:
    clauses = [contains("text", form)]
    if could_be_pinyin(form):
        clauses.append({"prefix": {"pinyin": form}})
    return clauses


def ranked(clause: dict[str, Any], boost: int) -> dict[str, Any]:
    return {"constant_score": {"filter": clause, "boost": boost}}


def match_query(parsed: ParsedQuery, filters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``query`` part: which SKUs match, and their score."""
    required = [
        {
            "bool": {
                "should": [c for form in forms for c in form_matches(form)],
                "minimum_should_match": 1,
            }
        }
        for forms in parsed.words
    ]
    pieces = parsed.whole.split()  # what is left of the spaces: between English words
    name_contains = [contains("name.grams", piece) for piece in pieces]
    should = [
        ranked({"term": {"name": parsed.whole}}, EXACT_NAME_BOOST),
        ranked({"bool": {"filter": name_contains}}, NAME_CONTAINS_BOOST),
        *(ranked({"term": {"words": term}}, WHOLE_WORD_BOOST) for term in parsed.terms),
    ]
    return {"bool": {"filter": required + filter_clauses(filters or {}), "should": should}}


def search_body(
    query: dict[str, Any], size: int, start: int = 0, after: list[Any] | None = None
) -> dict[str, Any]:
    """A page of the ids ``query`` (:func:`match_query`) matches, best first:
    from ``start``, or after the hit whose sort values are ``after`` (pages
    past the cluster's result window)."""
    body: dict[str, Any] = {
        "query": query,
        "sort": SORT,
        "size": size,
        "track_total_hits": True,
        "_source": False,  # ids only: the SKUs are read from the database
    }
    if after is not None:
        body["search_after"] = after
    elif start:
        body["from"] = start
    return body


def filter_clauses(filters: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``filters`` as the database backend takes them (``{"category_id": 3,
    "price__lte": Decimal("50")}``), as clauses on the document's fields."""
    clauses = []
    for key, value in filters.items():
        field, _, lookup = key.partition("__")
        if field not in FILTER_FIELDS:
            raise ValueError(
                f"Cannot filter search results by {key!r}: filter by {', '.join(FILTER_FIELDS)}."
            )
        if lookup in ("", "exact"):
            clauses.append({"term": {field: _json(value)}})
        elif lookup == "in":
            clauses.append({"terms": {field: [_json(item) for item in value]}})
        elif lookup in RANGE_LOOKUPS:
            clauses.append({"range": {field: {lookup: _json(value)}}})
        else:
            lookups = ", ".join(["exact", "in", *RANGE_LOOKUPS])
            raise ValueError(
                f"Cannot filter search results by {key!r}: use one of the lookups {lookups}."
            )
    return clauses


def _json(value: Any) -> Any:
    # A price is a Decimal: sent as its exact digits, which the cluster reads as a number.
    return str(value) if isinstance(value, Decimal) else value
