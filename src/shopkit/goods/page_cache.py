"""Page data cached under explicit keys, invalidated by tags.

Each cached entry records the version of every tag it was built from
(``sku:7``, ``category:3``, ``banners`` …). A write bumps the versions of the
tags it affects; a reader whose recorded versions no longer match rebuilds.
So a price change of one SKU refreshes exactly the pages that show it, and
nothing has to keep lists of keys: bumping is one atomic ``incr`` per tag.

Only shared data is cached here, never anything per user.

An entry built while another is being built adds its tags to the outer one:
a rendered page depends on every tag of the data it shows without listing
them. Immutable entries (rendered HTML) may also be kept in the worker's
memory (``local=True``): a hit then reads only the tag versions, instead of
the entry too. Each entry records a stamp of its own (a pseudo-tag written
with it), so a memory copy goes stale when the shared entry is rebuilt or the
cache is cleared, not only on a write. On Redis the worker keeps the versions
it read in memory too, told by Redis of every change
(:mod:`shopkit.core.tracked_cache`): a hit of a memory copy then needs no
round trip at all.

When the cache is down, pages are built from the database on every request:
reads miss and writes are dropped (``shopkit.core.backends.soft_cache``,
logged once per outage window).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from shopkit.conf import app_settings
from shopkit.core import routers, tracked_cache
from shopkit.core.backends import CachePurpose, bump_version, soft_cache

KEY_PREFIX = "shopkit:page:"
TAG_PREFIX = "shopkit:tag:"
#: Entries expire anyway after a day, bounding what an evicted tag could leave stale.
ENTRY_TIMEOUT = 24 * 60 * 60

#: How many entries each worker keeps in memory; past it, the memory starts again empty.
LOCAL_ENTRIES = 512
STAMP_PREFIX = "stamp:"

Builder = Callable[[], tuple[Any, Iterable[str]]]

#: The tags of the entries read while building an outer entry (``None``: not building).
_building: ContextVar[set[str] | None] = ContextVar("shopkit_page_cache_building", default=None)
#: ``key → (data, versions)`` of the ``local=True`` entries this worker has read.
_local: dict[str, tuple[Any, dict[str, Any]]] = {}


def _cache() -> Any:
    return soft_cache(CachePurpose.PAGE)


def _tag_versions(cache: Any, tags: Iterable[str]) -> dict[str, Any]:
    """``{tag: current version}``; a tag never bumped (or evicted) is ``None``."""
    # Versions are numbers and strings: shared, so decoded once per change.
    found = tracked_cache.get_many(cache, [TAG_PREFIX + tag for tag in tags], shared=True)
    return {tag: found.get(TAG_PREFIX + tag) for tag in tags}


def _depend_on(versions: dict[str, Any]) -> None:
    """Add the tags of an entry just read to the entry being built around it, if any."""
    outer = _building.get()
    if outer is not None:
        outer.update(tag for tag in versions if not tag.startswith(STAMP_PREFIX))


def _build(build: Builder) -> tuple[Any, set[str]]:
    token = _building.set(set())
    try:
        data, tags = build()
        return data, set(tags) | _building.get()
    finally:
        _building.reset(token)


def _remember(key: str, entry: tuple[Any, dict[str, Any]]) -> None:
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[key] = entry


def cached_page(key: str, build: Builder, *, local: bool = False) -> Any:
    """The data cached under ``key``, rebuilt with ``build()`` when missing or stale.

    ``build`` returns ``(data, tags)``: the data and every tag it depends on
    (the tags of cached entries it reads are added). With ``local``, the
    data, which its callers must not change, is also kept in this worker's
    memory.
    """
    cache = _cache()
    # A shopper pinned to the primary after a write must not be shown an
    # entry a lagging replica filled: they rebuild it from the primary, which
    # also refreshes it for everyone.
    fresh_only = routers.reading_own_writes()
    if not fresh_only and local and (entry := _local.get(key)) is not None:
        data, versions = entry
        if _tag_versions(cache, versions) == versions:
            _depend_on(versions)
            return data
    entry = None if fresh_only else cache.get(KEY_PREFIX + key)
    if entry is not None:
        data, versions = entry
        if _tag_versions(cache, versions) == versions:
            if local:
                _remember(key, entry)
            _depend_on(versions)
            return data
    # An entry built from a replica may miss writes whose tags were already
    # bumped: keep it no longer than a replica is allowed to lag.
    timeout = app_settings.READ_YOUR_WRITES_SECONDS if routers.may_read_replica() else ENTRY_TIMEOUT
    data, tags = _build(build)
    stamp = STAMP_PREFIX + key
    # Versions are read after building: a write racing the build makes the
    # entry stale at once instead of hiding the write.
    versions = {**_tag_versions(cache, tags), stamp: secrets.token_hex(8)}
    cache.set_many(
        {KEY_PREFIX + key: (data, versions), TAG_PREFIX + stamp: versions[stamp]}, timeout
    )
    tracked_cache.forget(cache, [TAG_PREFIX + stamp])
    if local:
        _remember(key, (data, versions))
    _depend_on(versions)
    return data


def invalidate(tags: Iterable[str]) -> None:
    """Make every cached page built from any of ``tags`` stale."""
    cache = _cache()
    keys = [TAG_PREFIX + tag for tag in set(tags)]
    for key in keys:
        bump_version(cache, key)
    tracked_cache.forget(cache, keys)
