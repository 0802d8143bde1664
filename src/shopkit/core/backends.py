"""Asking the plugins for infrastructure: which storage, which cache.

Backends stay plain Django objects; the hooks only choose which one.
"""

from __future__ import annotations

from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage
from django.utils.functional import LazyObject

from shopkit.plugins import get_plugin_manager


def get_storage(purpose: str) -> Storage:
    storage = get_plugin_manager().hook.shopkit_storage(purpose=purpose)
    if storage is None:
        raise ImproperlyConfigured(f"No plugin provided a storage for {purpose!r}.")
    return storage


def get_cache(purpose: str) -> BaseCache:
    cache = get_plugin_manager().hook.shopkit_cache(purpose=purpose)
    if cache is None:
        raise ImproperlyConfigured(f"No plugin provided a cache for {purpose!r}.")
    return cache


class PurposeStorage(LazyObject):
    """A storage that asks ``shopkit_storage(purpose)`` on first use.

    Model file fields use it through a module-level callable, so plugins
    loaded in ``ready()`` apply and migrations never change with the backend.
    """

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.__dict__["purpose"] = purpose

    def _setup(self) -> None:
        self._wrapped = get_storage(self.__dict__["purpose"])
