"""Search: the facade over the ``shopkit_search_backend()`` hook, and the SKU index.

``get_search_backend()`` returns the backend the plugins chose; the storefront,
the API and the index-freshness task all go through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shopkit.search.backends.base import SearchBackend


def get_search_backend() -> SearchBackend:
    """The search backend returned by the ``shopkit_search_backend()`` hook."""
    from django.core.exceptions import ImproperlyConfigured

    from shopkit.plugins import get_plugin_manager

    backend = get_plugin_manager().hook.shopkit_search_backend()
    if backend is None:
        raise ImproperlyConfigured("No plugin provided a search backend.")
    return backend


__all__ = ["get_search_backend"]
