"""The base of every contract kit in ``shopkit.testing``.

One style for every family: **pytest test classes**. A kit is a class named
``<Family>Contract`` (``StorageContract``, ``CacheContract``,
``SearchBackendContract``, ``SearchLanguageContract``, ``CartStoreContract``,
``PaymentProviderContract``, ``SMSProviderContract``,
``LoginProviderContract``, ``EventsContract``); an
implementation subclasses it in a class whose name starts with ``Test`` and
fills in what the kit names (``make_<thing>()``, or ``provider_class`` and
``provider_options()`` for a provider family, ``plugin`` for a plugin)::

    class TestMyStorage(StorageContract):
        def make_storage(self):
            return MyStorage(bucket="test")

Why pytest rather than ``unittest`` mixins: shopkit's author kit is a pytest
plugin (its fixtures ``shopkit_plugin``, ``rebuilt_plugins``,
``shopkit_events`` come with ``pip install shopkit``); the kits that need a
database or settings use pytest-django's ``db`` and markers like any test of
the plugin; a failing check shows the values compared (shopkit registers the
kits for pytest's assertion rewriting); and a plugin's own fixtures (a local
server, a temporary directory) reach the kit by being requested in the
subclass, where ``make_<thing>()`` then uses them, because the thing under
test is built on first use inside the test, after every fixture has run.

Every test cleans up after itself: what a kit creates on a shared service
(files, cache keys, cart lines) is removed by :meth:`Contract.add_cleanup`
when the test ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


class Contract:
    """What every contract kit shares: cleanups run when the test ends."""

    @pytest.fixture(autouse=True)
    def _contract_test(self, request: pytest.FixtureRequest) -> None:
        self._test_item = request.node

    def add_cleanup(self, function: Callable[..., Any], *args: Any) -> None:
        """Call ``function(*args)`` when the test ends, before any fixture is torn
        down (so a server the files live on is still there); last added, first called."""
        self._test_item.addfinalizer(lambda: function(*args))

    def built_once(self, attribute: str, build: Callable[[], Any]) -> Any:
        """``build()``'s result, built on first use in a test and kept for the test."""
        if attribute not in self.__dict__:
            self.__dict__[attribute] = build()
        return self.__dict__[attribute]


__all__ = ["Contract"]
