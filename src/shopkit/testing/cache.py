"""Contract tests every cache a plugin answers ``shopkit_cache(purpose)`` with must pass.

shopkit uses a cache only through Django's cache API, and relies on these
semantics of it: codes are consumed by ``delete`` reporting whether it
removed the key (two racing requests cannot both consume one code);
"sent recently" guards and the static home page's coalescing use ``add``
succeeding only for an absent key; counters (login throttling, tag versions)
use ``incr``, which raises ``ValueError`` for a missing key; carts are kept
with ``timeout=None`` (forever); the versioned page and token caches use
``version``. Subclass :class:`CacheContract` in a pytest test class (its
name must start with ``Test``) and implement :meth:`~CacheContract.make_cache`::

    from shopkit.testing.cache import CacheContract

    class TestMyCache(CacheContract):
        def make_cache(self):
            return MyCache("127.0.0.1:7000", {})

Each test uses keys of its own, deleted when it ends, so runs against a
shared server stay apart.
"""

from __future__ import annotations

import time
import uuid
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from django.core.cache.backends.base import BaseCache

from shopkit.testing.contract import Contract

#: A value shaped like what shopkit caches: nested lists and dicts, Chinese
#: text, ``Decimal`` prices, ``None``.
PAGE_DATA = {
    "skus": [[1, "新鲜草莓 500g", Decimal("39.90"), True], [2, "有机白菜", Decimal("4.50"), False]],
    "categories": {"fruit": ["苹果", "草莓"]},
    "empty": None,
}


class CacheContract(Contract):
    """Behaviour shopkit relies on from any Django ``BaseCache``."""

    #: Seconds a key set with a short timeout lives in the expiry test.
    short_timeout = 1

    def make_cache(self) -> BaseCache:
        """Return the cache under test (called once per test)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement make_cache() to return the cache under test"
        )

    @property
    def cache(self) -> BaseCache:
        return self.built_once("_contract_cache", self.make_cache)

    def key(self, name: str) -> str:
        """A key of this test only, shaped like shopkit's (``shopkit:…:…``)."""
        key = f"shopkit:contract:{uuid.uuid4().hex}:{name}"
        for version in (1, 2):
            self.add_cleanup(partial(self.cache.delete, key, version=version))
        return key

    def test_set_then_get_returns_an_equal_value(self) -> None:
        key = self.key("page")
        self.cache.set(key, PAGE_DATA, timeout=60)
        assert self.cache.get(key) == PAGE_DATA

    def test_a_missing_key_gives_the_default(self) -> None:
        key = self.key("missing")
        assert self.cache.get(key) is None
        assert self.cache.get(key, "fallback") == "fallback"
        assert not self.cache.has_key(key)

    def test_falsy_values_are_kept_not_missed(self) -> None:
        for value in (0, "", [], False):
            key = self.key("falsy")
            self.cache.set(key, value, timeout=60)
            assert self.cache.get(key, "missed") == value

    def test_delete_reports_whether_it_removed_the_key(self) -> None:
        key = self.key("code")
        self.cache.set(key, "123456", timeout=60)
        assert self.cache.delete(key) is True
        assert self.cache.delete(key) is False
        assert self.cache.get(key) is None

    def test_add_stores_only_an_absent_key(self) -> None:
        key = self.key("sent")
        assert self.cache.add(key, 1, timeout=60) is True
        assert self.cache.add(key, 2, timeout=60) is False
        assert self.cache.get(key) == 1

    def test_incr_and_decr_count_and_a_missing_key_raises_value_error(self) -> None:
        key = self.key("counter")
        with pytest.raises(ValueError):
            self.cache.incr(key)
        self.cache.set(key, 1, timeout=60)
        assert self.cache.incr(key) == 2
        assert self.cache.incr(key, 5) == 7
        assert self.cache.decr(key) == 6
        assert self.cache.get(key) == 6

    def test_timeout_none_keeps_the_key(self) -> None:
        key = self.key("cart")
        self.cache.set(key, [[1, 2, 1]], timeout=None)
        assert self.cache.get(key) == [[1, 2, 1]]

    def test_a_key_expires_after_its_timeout(self) -> None:
        key = self.key("expiring")
        self.cache.set(key, "soon gone", timeout=self.short_timeout)
        assert self.cache.get(key) == "soon gone"
        time.sleep(self.short_timeout + 0.5)
        assert self.cache.get(key) is None
        assert self.cache.add(key, "again", timeout=60) is True

    def test_timeout_zero_stores_nothing(self) -> None:
        key = self.key("zero")
        self.cache.set(key, "never", timeout=0)
        assert self.cache.get(key) is None

    def test_many_keys_at_once(self) -> None:
        keys = [self.key(f"many{n}") for n in range(3)]
        values = {key: n for n, key in enumerate(keys)}
        self.cache.set_many(values, timeout=60)
        assert self.cache.get_many([*keys, self.key("absent")]) == values
        self.cache.delete_many(keys[:2])
        assert self.cache.get_many(keys) == {keys[2]: 2}

    def test_versions_keep_values_apart(self) -> None:
        key = self.key("versioned")
        self.cache.set(key, "v1", timeout=60, version=1)
        self.cache.set(key, "v2", timeout=60, version=2)
        assert self.cache.get(key, version=1) == "v1"
        assert self.cache.get(key, version=2) == "v2"
        self.cache.delete(key, version=1)
        assert self.cache.get(key, version=1) is None
        assert self.cache.get(key, version=2) == "v2"

    def test_get_or_set_keeps_an_existing_value_and_calls_a_callable_default_once(self) -> None:
        key = self.key("get-or-set")
        calls: list[int] = []

        def build() -> dict[str, Any]:
            calls.append(1)
            return PAGE_DATA

        assert self.cache.get_or_set(key, build, timeout=60) == PAGE_DATA
        assert self.cache.get_or_set(key, build, timeout=60) == PAGE_DATA
        assert calls == [1]
        assert self.cache.get_or_set(self.key("plain"), "value", timeout=60) == "value"


__all__ = ["PAGE_DATA", "CacheContract"]
