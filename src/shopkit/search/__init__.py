"""Search: the facade over the ``shopkit_search_backend()`` hook, and the SKU index.

``get_search_backend()`` returns the backend the plugins chose (kept by the
seam resolver until the plugins or settings change); the storefront, the API
and the index-freshness task all go through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopkit.core.seams import Seam

if TYPE_CHECKING:
    from shopkit.search.backends.base import SearchBackend

SEARCH_BACKEND: Seam[SearchBackend] = Seam(
    "shopkit_search_backend",
    fix="set SHOPKIT_SEARCH_BACKEND or add a plugin that implements shopkit_search_backend",
)


def get_search_backend() -> SearchBackend:
    """The search backend the ``shopkit_search_backend()`` hook chose."""
    return SEARCH_BACKEND.get()


__all__ = ["SEARCH_BACKEND", "get_search_backend"]
