"""Asking the plugins for infrastructure: which storage, which cache.

Backends stay plain Django objects; the hooks only choose which one. Both go
through the seam resolver (``shopkit.core.seams``), which keeps the answer per
purpose (caches per purpose and thread) until the plugins or settings change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, storages
from django.http import HttpRequest

from shopkit.conf import app_settings
from shopkit.core.seams import Seam

STORAGE: Seam[Storage] = Seam(
    "shopkit_storage",
    argnames=["purpose"],
    fix="add a storage to STORAGES (SHOPKIT_STORAGE_ALIASES maps purposes to its aliases; "
    "an entry without a BACKEND needs the storage plugin of its name in SHOPKIT_PLUGINS) "
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


def storage_alias(purpose: str) -> str:
    """The ``STORAGES`` alias ``SHOPKIT_STORAGE_ALIASES`` maps ``purpose`` to."""
    return app_settings.STORAGE_ALIASES.get(purpose, "default")


def has_backend(alias: str) -> bool:
    """Whether ``STORAGES[alias]`` names its ``BACKEND`` (so Django can build it);
    an alias that is not there counts as having one (Django's own error applies)."""
    entry = settings.STORAGES.get(alias)
    return not isinstance(entry, Mapping) or "BACKEND" in entry


def plugin_storage(alias: str, purpose: str, backend: str) -> Storage | None:
    """A storage plugin's answer to ``shopkit_storage(purpose)``.

    The plugin of a storage package provides the ``STORAGES`` alias named
    after it (``"s3"``, ``"fastdfs"``) when that entry has no ``BACKEND``: for
    every purpose ``SHOPKIT_STORAGE_ALIASES`` maps to ``alias`` it answers
    ``backend`` (a dotted path, imported only now) built with the entry's
    ``OPTIONS``, as Django would build it. Otherwise it answers ``None`` and
    the next plugin (finally the default, Django's ``storages[alias]``)
    decides. One line is the plugin's hook implementation::

        @hookimpl
        def shopkit_storage(purpose):
            return plugin_storage("s3", purpose, "shopkit.contrib.s3.storage.S3Storage")
    """
    if storage_alias(purpose) != alias or has_backend(alias):
        return None
    options = settings.STORAGES[alias].get("OPTIONS", {})
    if not isinstance(options, Mapping):
        raise ImproperlyConfigured(f"STORAGES[{alias!r}]['OPTIONS'] must be a dict.")
    try:
        return storages.create_storage({"BACKEND": backend, "OPTIONS": dict(options)})
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"STORAGES[{alias!r}]: {exc}") from exc


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
