"""Asking the plugins for infrastructure: which storage, which cache.

Backends stay plain Django objects; the hooks only choose which one. Both go
through the seam resolver (``shopkit.core.seams``), which keeps the answer per
purpose (caches per purpose and thread) until the plugins or settings change.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.base import BaseCache
from django.core.files.storage import Storage
from django.http import HttpRequest

from shopkit.core.seams import Seam

STORAGE: Seam[Storage] = Seam(
    "shopkit_storage",
    argnames=["purpose"],
    fix="add a storage to STORAGES (SHOPKIT_STORAGE_ALIASES maps purposes to its aliases) "
    "or a plugin that implements shopkit_storage",
)

CACHE: Seam[BaseCache] = Seam(
    "shopkit_cache",
    argnames=["purpose"],
    kept="thread",
    fix="add a cache to CACHES (SHOPKIT_CACHE_ALIASES maps purposes to its aliases) "
    "or a plugin that implements shopkit_cache",
)


def get_storage(purpose: str) -> Storage:
    """The storage ``shopkit_storage(purpose)`` chose."""
    return STORAGE.get(purpose)


def get_cache(purpose: str) -> BaseCache:
    """The cache ``shopkit_cache(purpose)`` chose (for this thread)."""
    return CACHE.get(purpose)


class PurposeStorage(Storage):
    """A storage that resolves ``shopkit_storage(purpose)`` on every use.

    Model file fields use it through a module-level callable: the backend is
    never fixed at import time (plugins loaded in ``ready()``, or registered
    later, apply) and migrations never change with the backend; each use is
    a dictionary lookup in the seam resolver. Being a
    ``Storage`` subclass, it passes ``FileField``'s type check without
    resolving anything.
    """

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose

    @property
    def backend(self) -> Storage:
        return get_storage(self.purpose)

    def __getattr__(self, name: str) -> Any:
        # Backend-specific attributes (``location``, ``bucket_name`` …).
        return getattr(self.backend, name)


def _delegate(method_name: str) -> Any:
    def method(self: PurposeStorage, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.backend, method_name)(*args, **kwargs)

    method.__name__ = method_name
    return method


for _method_name in (
    "open", "save", "get_valid_name", "get_alternative_name", "get_available_name",
    "generate_filename", "path", "delete", "exists", "listdir", "size", "url",
    "get_accessed_time", "get_created_time", "get_modified_time",
):  # fmt: skip
    setattr(PurposeStorage, _method_name, _delegate(_method_name))


def media_base_url(purpose: str, request: HttpRequest | None = None) -> str:
    """The absolute URL prefix of files of ``purpose`` (API.md's ``base_url``)."""
    base = get_storage(purpose).url("")
    return request.build_absolute_uri(base) if request is not None else base
