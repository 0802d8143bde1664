"""The page cache with read replicas: what a replica filled never outlives
the allowed lag, and a shopper who just wrote never sees it."""

from __future__ import annotations

import uuid

import pytest
from django.test import override_settings

from shopkit.core import routers
from shopkit.goods.page_cache import cached_page


@pytest.fixture
def key():
    return f"replica-test:{uuid.uuid4().hex}"


def built(value):
    return lambda: (value, {"replica-test"})


def test_a_pinned_shopper_rebuilds_from_the_primary_and_refreshes_the_entry(key, replica_alias):
    assert cached_page(key, built("from a replica")) == "from a replica"
    with routers.request_reads(pinned=True):
        assert cached_page(key, built("from the primary")) == "from the primary"
    assert cached_page(key, built("rebuilt")) == "from the primary"


def test_without_replicas_a_pinned_request_uses_the_cache(key):
    assert cached_page(key, built("first")) == "first"
    with routers.request_reads(pinned=True):
        assert cached_page(key, built("second")) == "first"


@override_settings(SHOPKIT_READ_YOUR_WRITES_SECONDS=0)
def test_entries_built_from_a_replica_last_only_the_allowed_lag(key, replica_alias):
    with routers.request_reads(pinned=False):
        assert cached_page(key, built("one")) == "one"
        assert cached_page(key, built("two")) == "two"
    # Built from the primary (outside a request): kept.
    assert cached_page(key, built("three")) == "three"
    assert cached_page(key, built("four")) == "three"
