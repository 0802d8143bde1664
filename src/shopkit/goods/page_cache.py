"""Page data cached under explicit keys, invalidated by tags.

Each cached entry records the version of every tag it was built from
(``sku:7``, ``category:3``, ``banners`` …). A write bumps the versions of the
tags it affects; a reader whose recorded versions no longer match rebuilds.
So a price change of one SKU refreshes exactly the pages that show it, and
nothing has to keep lists of keys: bumping is one atomic ``incr`` per tag.

Only shared data is cached here, never anything per user.

When the cache is down, pages are built from the database on every request:
reads miss and writes are dropped (``shopkit.core.backends.soft_cache``,
logged once per outage window).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from shopkit.core.backends import soft_cache

KEY_PREFIX = "shopkit:page:"
TAG_PREFIX = "shopkit:tag:"
#: Entries expire anyway after a day, bounding what an evicted tag could leave stale.
ENTRY_TIMEOUT = 24 * 60 * 60

Builder = Callable[[], tuple[Any, Iterable[str]]]


def _cache() -> Any:
    return soft_cache("page")


def _tag_versions(cache: Any, tags: Iterable[str]) -> dict[str, Any]:
    """``{tag: current version}``; a tag never bumped (or evicted) is ``None``."""
    found = cache.get_many([TAG_PREFIX + tag for tag in tags])
    return {tag: found.get(TAG_PREFIX + tag) for tag in tags}


def cached_page(key: str, build: Builder) -> Any:
    """The data cached under ``key``, rebuilt with ``build()`` when missing or stale.

    ``build`` returns ``(data, tags)``: the data and every tag it depends on.
    """
    cache = _cache()
    entry = cache.get(KEY_PREFIX + key)
    if entry is not None:
        data, versions = entry
        if _tag_versions(cache, versions) == versions:
            return data
    data, tags = build()
    # Versions are read after building: a write racing the build makes the
    # entry stale at once instead of hiding the write.
    cache.set(KEY_PREFIX + key, (data, _tag_versions(cache, set(tags))), ENTRY_TIMEOUT)
    return data


def invalidate(tags: Iterable[str]) -> None:
    """Make every cached page built from any of ``tags`` stale."""
    cache = _cache()
    for tag in set(tags):
        key = TAG_PREFIX + tag
        try:
            cache.incr(key)
        except ValueError:
            # Missing tag: any entry recorded it as None, so any number differs.
            if not cache.add(key, 1, timeout=None):
                try:
                    cache.incr(key)
                except ValueError:
                    pass  # the cache is down (logged): nothing is cached to go stale
