"""Search-as-you-type: the names a shopper may be typing, by prefix and pinyin prefix.

Suggestions come from the catalogue, not from the search backend: the names
of launched SKUs and of their SPUs are the terms, whichever backend answers
searches, so a third-party backend gets suggestions without writing any.
Each term is looked up under its normalised text (simplified characters,
ASCII, lowercase, no spaces) and the text's pinyin and initials, from its
start and from the start of each of its words, so "草", "cao" and "cm"
find 草莓 and 丹东草莓; matches from a term's start come first, then the
better-selling terms.

The terms are kept in a sorted table in each worker's memory, where a
prefix is found by bisection (microseconds at 50k SKUs). The table carries
the generation of the search index it was built from: the refresh and
rebuild paths (:func:`shopkit.search.services.refresh_index`,
:func:`~shopkit.search.services.rebuild_index`) bump the index tag, which
starts a new generation, and the next lookup in each worker builds the
table again. Reading the generation costs one cache round trip; with the
cache down, every lookup builds the table (slow, never wrong).
"""

from __future__ import annotations

import bisect
import secrets
import threading
from dataclasses import dataclass, field

from shopkit.goods.page_cache import cached_page
from shopkit.search.language import CJK, normalise, pinyin_forms, without_spaces_between_cjk

#: How many suggestions one lookup answers.
SUGGESTION_LIMIT = 8
#: How many matching keys of each rank are weighed before the best are kept:
#: bounds a lookup of one letter, which begins most of the table.
CANDIDATES = 64


@dataclass
class SuggestionTable:
    """Suggestion terms, and their lookup keys in two sorted lists: keys that
    begin a term (``keys[0]``) and keys that begin one of its later words
    (``keys[1]``); ``terms[i]`` is ``(text, sales)``."""

    generation: str = ""
    terms: list[tuple[str, int]] = field(default_factory=list)
    keys: tuple[list[str], list[str]] = field(default_factory=lambda: ([], []))
    owners: tuple[list[int], list[int]] = field(default_factory=lambda: ([], []))

    def lookup(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` terms with a key beginning with ``prefix``, best first."""
        found: list[str] = []
        seen: set[int] = set()
        for keys, owners in zip(self.keys, self.owners, strict=True):
            candidates: list[int] = []
            start = bisect.bisect_left(keys, prefix)
            for position in range(start, len(keys)):
                if len(candidates) >= CANDIDATES or not keys[position].startswith(prefix):
                    break
                owner = owners[position]
                if owner not in seen:
                    seen.add(owner)
                    candidates.append(owner)
            candidates.sort(key=lambda n: (-self.terms[n][1], len(self.terms[n][0]), n))
            found.extend(self.terms[n][0] for n in candidates[: limit - len(found)])
            if len(found) >= limit:
                break
        return found


def lookup_form(text: str) -> str:
    """``text`` as suggestion keys are written: normalised, without spaces."""
    return "".join(without_spaces_between_cjk(normalise(text)).split())


def term_keys(text: str) -> tuple[set[str], set[str]]:
    """The keys ``text`` is found under: ``(from its start, from a later word)``.

    The keys are its lookup form and the pinyin and initials of it, each from
    the start and from every later word (as jieba cuts queries)."""
    from shopkit.search.whoosh_cn.analyzer import segments

    form = lookup_form(text)
    words = [word for word, _, _ in segments(form, query=True)] or ([form] if form else [])
    fulls, initials = [], []
    for word in words:
        forms = pinyin_forms(word) if CJK.search(word) else (word,)
        fulls.append(forms[0] if forms else word)
        initials.append(forms[-1] if forms else word)
    keys: tuple[set[str], set[str]] = (set(), set())
    offset = 0
    for index, word in enumerate(words):
        found = keys[0 if index == 0 else 1]
        position = form.find(word, offset)
        if position >= 0:
            found.add(form[position:])
            offset = position + len(word)
        found.add("".join(fulls[index:]))
        found.add("".join(initials[index:]))
    if form:
        keys[0].add(form)
    keys[1].difference_update(keys[0])
    keys[0].discard("")
    keys[1].discard("")
    return keys


def build_table(generation: str) -> SuggestionTable:
    """The suggestion table of the launched SKUs as stored now."""
    from shopkit.goods.models import SKU

    sales: dict[str, int] = {}
    rows = SKU.objects.launched().values_list("name", "spu__name", "sales")
    for name, spu_name, sold in rows.iterator(chunk_size=2000):
        for text in (name, spu_name):
            text = " ".join((text or "").split())
            if text:
                sales[text] = max(sales.get(text, 0), sold or 0)
    table = SuggestionTable(generation=generation, terms=list(sales.items()))
    entries: tuple[list[tuple[str, int]], list[tuple[str, int]]] = ([], [])
    for number, (text, _) in enumerate(table.terms):
        for rank, keys in enumerate(term_keys(text)):
            entries[rank].extend((key, number) for key in keys)
    for rank, ranked in enumerate(entries):
        ranked.sort()
        table.keys[rank].extend(key for key, _ in ranked)
        table.owners[rank].extend(owner for _, owner in ranked)
    return table


_table = SuggestionTable()
_lock = threading.Lock()


def current_generation() -> str:
    """A token that changes whenever the search index does (one cache round trip)."""
    from shopkit.search.services import INDEX_TAG

    return cached_page(
        "search:suggest-generation", lambda: (secrets.token_hex(8), {INDEX_TAG}), local=True
    )


def suggestion_table() -> SuggestionTable:
    """This worker's table for the current index generation, built when stale."""
    global _table
    generation = current_generation()
    if _table.generation == generation:
        return _table
    with _lock:
        if _table.generation != generation:
            _table = build_table(generation)
        return _table


def suggest(query: str, limit: int = SUGGESTION_LIMIT) -> list[str]:
    """Up to ``limit`` names of launched SKUs or SPUs ``query`` (already
    cleaned) may be the start of, best first."""
    prefix = lookup_form(query)
    if not prefix:
        return []
    return suggestion_table().lookup(prefix, limit)
