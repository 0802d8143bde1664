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
the generation of the search index it was built from, ``(epoch, version)``:
the version of the index tag, which the refresh and rebuild paths
(:func:`shopkit.search.services.refresh_index`,
:func:`~shopkit.search.services.rebuild_index`) bump through
:func:`index_changed`, and an epoch that changes when the cache loses the
tag (emptied, restarted). Reading it costs one cache round trip per lookup.

No shopper's lookup rebuilds the table after a catalogue change:

- **A newer generation** is brought in by a background thread of the worker
  (:class:`Updater`) while lookups go on answering from the table they
  have. It re-reads the SKU rows (one query, no words cut), and cuts words
  only for the names that changed, which it keeps in a small overlay of the
  sorted table (hidden rows and added terms); when the overlay grows past
  :data:`OVERLAY_LIMIT` terms it is merged into a new sorted table, still in
  the background. A change is suggested once the thread is done, well under
  a second after the first lookup that saw it at 50k SKUs.
- **The process that refreshes the index** (the Celery worker, or the saving
  process when tasks run eagerly) updates its own table at once from the
  SKUs it refreshed, if it has one.
- **A worker with no table** (just started, or the cache was emptied so
  nothing says what changed) builds it in the lookup, once: cutting the
  words of every name, about 6,500 names a second. The first build of each
  generation is also stored in the page cache (:data:`TABLE_KEY`), so the
  other workers load it (an unpickle) instead of cutting the words again.
- **With the cache down**, the generation is unknown: the table is
  re-read from the database in the background at most every
  :data:`OUTAGE_RESYNC_SECONDS`, so a change shows within that and the
  re-read; lookups stay as fast.
"""

from __future__ import annotations

import bisect
import heapq
import logging
import os
import secrets
import threading
import time
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from shopkit.search.language import CJK, normalise, pinyin_forms, without_spaces_between_cjk

logger = logging.getLogger(__name__)

#: How many suggestions one lookup answers.
SUGGESTION_LIMIT = 8
#: How many matching keys of each rank are weighed before the best are kept:
#: bounds a lookup of one letter, which begins most of the table.
CANDIDATES = 64
#: Past this many changed names in the overlay, the updater merges it into a
#: new sorted table (each lookup scans the overlay's keys).
OVERLAY_LIMIT = 500
#: With the cache down, the table is re-read from the database at most this often.
OUTAGE_RESYNC_SECONDS = 5.0
#: Cache keys (page cache): the epoch of the index versions, and the shared table.
EPOCH_KEY = "shopkit:suggest:epoch"
TABLE_KEY = "shopkit:suggest:table"
#: The table is stored in the cache for other workers this long at most.
TABLE_TIMEOUT = 24 * 60 * 60


class PackedKeys:
    """Sorted keys as UTF-8 in one ``bytes``, with their offsets: a sequence
    :mod:`bisect` can search (UTF-8 sorts as the characters do), in a
    fraction of the memory of a list of ``str`` (an object each)."""

    __slots__ = ("blob", "offsets")

    def __init__(self, keys: Iterable[bytes] = ()) -> None:
        blob = bytearray()
        offsets = array("I", [0])
        for key in keys:
            blob += key
            offsets.append(len(blob))
        self.blob = bytes(blob)
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> bytes:
        if not 0 <= index < len(self.offsets) - 1:
            raise IndexError(index)
        return self.blob[self.offsets[index] : self.offsets[index + 1]]

    def __iter__(self) -> Iterator[bytes]:
        blob, offsets = self.blob, self.offsets
        return (blob[offsets[n] : offsets[n + 1]] for n in range(len(offsets) - 1))

    def __getstate__(self) -> tuple[bytes, array]:
        return self.blob, self.offsets

    def __setstate__(self, state: tuple[bytes, array]) -> None:
        self.blob, self.offsets = state


def _packed(entries: Iterable[tuple[bytes, int]]) -> tuple[PackedKeys, array]:
    """Sorted ``(key, owner)`` pairs as packed keys and an array of owners."""
    owners = array("I")

    def keys() -> Iterator[bytes]:
        for key, owner in entries:
            owners.append(owner)
            yield key

    return PackedKeys(keys()), owners


#: ``(epoch, version)`` of the index, or ``("outage", slot)`` with the cache down.
Generation = tuple[str, int]
#: A SKU's part in the table: (name, SPU name, sales), names with spaces folded.
Row = tuple[str, str, int]
Keys = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass
class SuggestionTable:
    """Suggestion terms, and their lookup keys in two sorted lists: keys that
    begin a term (``keys[0]``) and keys that begin one of its later words
    (``keys[1]``); ``terms[i]`` is ``(text, sales)``.

    ``rows`` are the launched SKUs the terms come from. Changes since the
    lists were sorted are an overlay: ``hidden`` term numbers no longer
    answer, ``added`` terms (text → (sales, keys)) are scanned on each
    lookup. A table is never changed once published: an update makes a new
    one sharing the lists."""

    generation: Generation | None = None
    terms: list[tuple[str, int]] = field(default_factory=list)
    keys: tuple[PackedKeys, PackedKeys] = field(
        default_factory=lambda: (PackedKeys(), PackedKeys())
    )
    owners: tuple[array, array] = field(default_factory=lambda: (array("I"), array("I")))
    rows: dict[int, Row] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    hidden: frozenset[int] = frozenset()
    added: dict[str, tuple[int, Keys]] = field(default_factory=dict)

    def lookup(self, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` terms with a key beginning with ``prefix``, best first."""
        found: list[str] = []
        seen: set[str] = set()
        packed = prefix.encode()
        for rank, (keys, owners) in enumerate(zip(self.keys, self.owners, strict=True)):
            candidates: list[tuple[str, int]] = []
            start = bisect.bisect_left(keys, packed)
            for position in range(start, len(keys)):
                if len(candidates) >= CANDIDATES or not keys[position].startswith(packed):
                    break
                owner = owners[position]
                if owner in self.hidden:
                    continue
                term = self.terms[owner]
                if term[0] not in seen:
                    seen.add(term[0])
                    candidates.append(term)
            for text, (sales, term_keys_) in self.added.items():
                if text not in seen and any(key.startswith(prefix) for key in term_keys_[rank]):
                    seen.add(text)
                    candidates.append((text, sales))
            candidates.sort(key=lambda term: (-term[1], len(term[0]), term[0]))
            found.extend(text for text, _ in candidates[: limit - len(found)])
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


def _folded(text: str | None) -> str:
    return " ".join((text or "").split())


def read_rows(sku_ids: Iterable[int] | None = None, spu_ids: Iterable[int] = ()) -> dict[int, Row]:
    """``{pk: row}`` of the launched SKUs: all of them, or those of ``sku_ids``
    and of the SPUs ``spu_ids``."""
    from django.db.models import Q

    from shopkit.goods.models import SKU

    found = SKU.objects.launched()
    if sku_ids is not None:
        found = found.filter(Q(pk__in=set(sku_ids)) | Q(spu_id__in=set(spu_ids)))
    values = found.values_list("pk", "name", "spu__name", "sales")
    texts: dict[str, str] = {}  # one string per SPU name, shared by its SKUs' rows
    rows = {}
    for pk, name, spu_name, sales in values.iterator(chunk_size=2000):
        name, spu_name = _folded(name), _folded(spu_name)
        rows[pk] = (name, texts.setdefault(spu_name, spu_name), sales or 0)
    return rows


def _sales(rows: Iterable[Row], only: set[str] | None = None) -> dict[str, int]:
    """``{text: best sales}`` of the names in ``rows`` (only those in ``only``)."""
    sales: dict[str, int] = {}
    for name, spu_name, sold in rows:
        for text in (name, spu_name):
            if text and (only is None or text in only):
                sales[text] = max(sales.get(text, -1), sold)
    return sales


def build_table(
    generation: Generation | None, rows: dict[int, Row] | None = None
) -> SuggestionTable:
    """The suggestion table of the launched SKUs as stored now (every name's words cut)."""
    rows = read_rows() if rows is None else rows
    terms = list(_sales(rows.values()).items())
    # Keys and owners in flat lists, sorted through an index: a third of the
    # memory of (key, owner) tuples at the peak of the build.
    keys: tuple[list[bytes], list[bytes]] = ([], [])
    owners: tuple[array, array] = (array("I"), array("I"))
    for number, (text, _) in enumerate(terms):
        for rank, found in enumerate(term_keys(text)):
            for key in found:
                keys[rank].append(key.encode())
                owners[rank].append(number)
    lists = []
    for rank in (0, 1):
        order = sorted(range(len(keys[rank])), key=keys[rank].__getitem__)
        lists.append(
            (
                PackedKeys(keys[rank][n] for n in order),
                array("I", (owners[rank][n] for n in order)),
            )
        )
        keys[rank].clear()
        del order
    return SuggestionTable(
        generation=generation,
        terms=terms,
        keys=(lists[0][0], lists[1][0]),
        owners=(lists[0][1], lists[1][1]),
        rows=rows,
        numbers={text: number for number, (text, _) in enumerate(terms)},
    )


def apply_rows(
    table: SuggestionTable, generation: Generation | None, changed: dict[int, Row | None]
) -> SuggestionTable:
    """A new table: ``table`` with these SKUs' rows (``None``: gone or not
    launched). Only the names whose terms changed have their words cut; they
    go to the overlay, which is merged into sorted lists past
    :data:`OVERLAY_LIMIT` names."""
    rows = dict(table.rows)
    affected: set[str] = set()
    for pk, row in changed.items():
        old = rows.pop(pk, None)
        if old == row:
            if row is not None:
                rows[pk] = row
            continue
        if old is not None:
            affected.update(old[:2])
        if row is not None:
            rows[pk] = row
            affected.update(row[:2])
    affected.discard("")
    if not affected:
        return replace(table, generation=generation, rows=rows)
    sales = _sales(rows.values(), affected)
    hidden = set(table.hidden)
    added = {text: entry for text, entry in table.added.items() if text not in affected}
    for text in affected:
        number = table.numbers.get(text)
        listed = number is not None and number not in table.hidden
        if listed and table.terms[number][1] == sales.get(text):
            continue  # still there, same sales: the sorted lists answer for it
        if listed:
            hidden.add(number)
        if text in sales:
            starts, later = term_keys(text)
            added[text] = (sales[text], (tuple(sorted(starts)), tuple(sorted(later))))
    updated = replace(
        table, generation=generation, rows=rows, hidden=frozenset(hidden), added=added
    )
    if len(added) + len(hidden) > OVERLAY_LIMIT:
        updated = merged(updated)
    return updated


def merged(table: SuggestionTable) -> SuggestionTable:
    """``table`` with its overlay merged into new sorted lists (no words cut,
    no full sort: the kept keys are already in order)."""
    renumber: list[int] = []
    terms: list[tuple[str, int]] = []
    for number, term in enumerate(table.terms):
        if number in table.hidden or term[0] in table.added:
            renumber.append(-1)
        else:
            renumber.append(len(terms))
            terms.append(term)
    first_added = len(terms)
    terms.extend((text, sales) for text, (sales, _) in table.added.items())
    lists = []
    for rank in (0, 1):
        kept = (
            (key, renumber[owner])
            for key, owner in zip(table.keys[rank], table.owners[rank], strict=True)
            if renumber[owner] >= 0
        )
        extra = sorted(
            (key.encode(), first_added + index)
            for index, (_, keys) in enumerate(table.added.values())
            for key in keys[rank]
        )
        lists.append(_packed(heapq.merge(kept, extra)))
    return SuggestionTable(
        generation=table.generation,
        terms=terms,
        keys=(lists[0][0], lists[1][0]),
        owners=(lists[0][1], lists[1][1]),
        rows=table.rows,
        numbers={text: number for number, (text, _) in enumerate(terms)},
    )


def resync(table: SuggestionTable, generation: Generation | None) -> SuggestionTable:
    """``table`` brought up to the launched SKUs as stored now: every row is
    read again (one query), words are cut only for the names that changed."""
    rows = read_rows()
    changed = {
        pk: rows.get(pk)
        for pk in table.rows.keys() | rows.keys()
        if table.rows.get(pk) != rows.get(pk)
    }
    return apply_rows(table, generation, changed)


# --- the generation, and this worker's table ------------------------------------


def _page_cache() -> Any:
    from shopkit.core.backends import CachePurpose, get_cache

    return get_cache(CachePurpose.PAGE)


def _tag_key() -> str:
    from shopkit.goods.page_cache import TAG_PREFIX
    from shopkit.search.services import INDEX_TAG

    return TAG_PREFIX + INDEX_TAG


def _outage(exc: BaseException) -> Generation:
    from shopkit.core.backends import CachePurpose, log_cache_outage

    log_cache_outage(
        CachePurpose.PAGE, exc, f"suggestions re-read every {OUTAGE_RESYNC_SECONDS:g} s at most"
    )
    return ("outage", int(time.monotonic() // OUTAGE_RESYNC_SECONDS))


def current_generation() -> Generation:
    """``(epoch, version)`` of the search index (one cache round trip), or
    ``("outage", n)``, which changes every :data:`OUTAGE_RESYNC_SECONDS`,
    when the cache cannot be reached."""
    from shopkit.core.backends import CACHE_OUTAGE_ERRORS

    cache, tag = _page_cache(), _tag_key()
    try:
        found = cache.get_many([EPOCH_KEY, tag])
        epoch, version = found.get(EPOCH_KEY), found.get(tag)
        if version is None:
            # Never bumped, or lost with the cache: versions count again from
            # 0, so they belong to a new epoch.
            cache.add(tag, 0, timeout=None)
            epoch = secrets.token_hex(8)
            cache.set(EPOCH_KEY, epoch, timeout=None)
            return (epoch, 0)
        if epoch is None:
            epoch = secrets.token_hex(8)
            if not cache.add(EPOCH_KEY, epoch, timeout=None):
                epoch = cache.get(EPOCH_KEY) or epoch
        return (epoch, int(version))
    except CACHE_OUTAGE_ERRORS as exc:
        return _outage(exc)


_table = SuggestionTable()
#: Held while this worker's table is replaced in the request path or by
#: :func:`index_changed` (the updater builds outside it and publishes under it).
_lock = threading.RLock()


def _publish(table: SuggestionTable, over: SuggestionTable) -> bool:
    """Make ``table`` this worker's, unless the table it was made from (``over``)
    was replaced meanwhile."""
    global _table
    with _lock:
        if _table is not over:
            return False
        _table = table
        return True


class Updater:
    """This worker's background thread that brings its table to a newer
    generation while lookups answer from the current one. Started on demand
    (after a fork too), it ends after a minute without work."""

    IDLE_SECONDS = 60.0

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.wanted: Generation | None = None
        self.thread: threading.Thread | None = None
        self.pid = 0
        self.busy = False

    def request(self, generation: Generation) -> None:
        """Bring the table to ``generation`` (or later) soon; never waits."""
        with self.condition:
            self.wanted = generation
            if self.thread is None or self.pid != os.getpid():
                self.pid = os.getpid()
                self.thread = threading.Thread(
                    target=self.run, name="shopkit-suggest-updater", daemon=True
                )
                self.thread.start()
            self.condition.notify_all()

    def run(self) -> None:
        while True:
            with self.condition:
                if self.wanted is None:
                    self.condition.wait(self.IDLE_SECONDS)
                if self.wanted is None:
                    self.thread = None
                    self.condition.notify_all()
                    return
                generation, self.wanted = self.wanted, None
                self.busy = True
            try:
                self.update(generation)
            except Exception:
                logger.exception(
                    "Could not update the search suggestions (tried again on the next lookup)"
                )
            finally:
                from django.db import connections

                connections.close_all()  # this thread's own connections
                with self.condition:
                    self.busy = False
                    self.condition.notify_all()

    @staticmethod
    def update(generation: Generation) -> None:
        base = _table
        if base.generation == generation or base.generation is None:
            return
        began = time.perf_counter()
        if _publish(resync(base, generation), over=base):
            logger.debug(
                "Search suggestions updated to %s in %.3f s",
                generation,
                time.perf_counter() - began,
            )

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait until no update is wanted or running (for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while self.busy or self.wanted is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.condition.wait(left)
        return True


updater = Updater()


def _shared_table() -> SuggestionTable | None:
    """The table another worker built and stored, if any (any generation)."""
    try:
        stored = _page_cache().get(TABLE_KEY)
    except Exception:  # the cache is down, or the entry cannot be read
        return None
    return stored if isinstance(stored, SuggestionTable) else None


def _store_shared(table: SuggestionTable) -> None:
    try:
        _page_cache().set(TABLE_KEY, table, timeout=TABLE_TIMEOUT)
    except Exception:  # the cache is down, or refuses an entry this large
        logger.debug("The suggestion table was not stored in the cache", exc_info=True)


def _first_table(generation: Generation) -> SuggestionTable:
    """The table for a worker that has none: the stored one brought up to date,
    or one built here (and stored for the others)."""
    shared = _shared_table()
    if shared is not None:
        return resync(shared, generation)
    table = build_table(generation)
    _store_shared(table)
    return table


def suggestion_table() -> SuggestionTable:
    """This worker's table: the current one at once; a newer generation is
    brought in by the :data:`updater` meanwhile. A worker with no table, or
    whose cache was emptied (a new epoch: nothing says what changed), makes
    one here."""
    global _table
    generation = current_generation()
    table = _table
    if table.generation == generation:
        return table
    if table.generation is not None and (
        table.generation[0] == generation[0] or "outage" in (table.generation[0], generation[0])
    ):
        updater.request(generation)
        return table
    with _lock:
        if _table.generation != generation:
            if _table.generation is None:
                _table = _first_table(generation)
            else:
                _table = resync(_table, generation)
        return _table


def index_changed(sku_ids: Iterable[int] | None = None, spu_ids: Iterable[int] = ()) -> None:
    """The search index changed (``None``: all of it): start a new generation.

    After a refresh of these SKUs (and every SKU of these SPUs), this
    process's own table, if it has one, is brought up to date at once from
    their rows; other workers' updaters re-read theirs."""
    from shopkit.core.backends import CachePurpose, bump_version, soft_cache

    cache, tag = soft_cache(CachePurpose.PAGE), _tag_key()
    try:
        version: int | None = cache.incr(tag)
    except ValueError:  # never bumped, lost, or the cache is down
        bump_version(cache, tag)
        version = None
    if sku_ids is None or _table.generation is None:
        return
    sku_ids, spu_ids = set(sku_ids), set(spu_ids)
    try:
        with _lock:
            base = _table
            rows = read_rows(sku_ids, spu_ids)
            changed: dict[int, Row | None] = {pk: rows.get(pk) for pk in sku_ids}
            changed.update(rows)
            generation = base.generation
            if version is not None and generation is not None and generation[1] == version - 1:
                # The table had every change before this one: it now has this one too.
                generation = (generation[0], version)
            _publish(apply_rows(base, generation, changed), over=base)
    except Exception:
        logger.exception("Could not update this process's search suggestions")


def suggest(query: str, limit: int = SUGGESTION_LIMIT) -> list[str]:
    """Up to ``limit`` names of launched SKUs or SPUs ``query`` (already
    cleaned) may be the start of, best first."""
    prefix = lookup_form(query)
    if not prefix:
        return []
    return suggestion_table().lookup(prefix, limit)
