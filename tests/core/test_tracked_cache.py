"""Cache entries remembered by a worker and kept exact by Redis key tracking
(``shopkit.core.tracked_cache``), on the real Redis of ``REDIS_URL``."""

import logging
import time

import pytest
import redis
from django.core.cache.backends.locmem import LocMemCache

from shopkit.core.backends import CachePurpose, get_cache
from shopkit.core.tokens import VERSION_KEY, active_user
from shopkit.core.tracked_cache import TrackedReads, tracked_reads
from shopkit.goods.page_cache import TAG_PREFIX, cached_page

pytestmark = [pytest.mark.services("redis"), pytest.mark.django_db]

KEY = TAG_PREFIX + "sku:1"


@pytest.fixture
def page_cache():
    return get_cache(CachePurpose.PAGE)


@pytest.fixture
def other_client(page_cache):
    """A plain connection to the same Redis database: another worker's writes."""
    client = redis.Redis(connection_pool=page_cache.client.get_client().connection_pool)
    yield client
    client.close()


@pytest.fixture
def tracked(page_cache):
    """A worker's tracked reads of its own (not the process's shared ones)."""
    worker = TrackedReads(page_cache)
    yield worker
    worker.close()


@pytest.fixture
def reads(tracked):
    """The commands the tracked reader sends (a spy on redis-py's connection)."""
    sent = []
    tracked.get_many([KEY])  # connected
    send = tracked.reader.send_command

    def spy(*args, **kwargs):
        sent.append(args[0])
        return send(*args, **kwargs)

    tracked.reader.send_command = spy
    return sent


def wait_for_notice(tracked):
    assert tracked.listener.can_read(timeout=5), "Redis sent no invalidation"


def test_a_remembered_version_costs_no_round_trip(page_cache, tracked, reads):
    page_cache.set(KEY, 3, None)
    tracked.forget([KEY])  # this process wrote it
    assert tracked.get_many([KEY]) == {KEY: 3}
    assert tracked.get_many([KEY]) == {KEY: 3}
    assert tracked.get_many([KEY, KEY]) == {KEY: 3}
    assert reads == ["MGET"]


def test_a_write_by_another_client_is_seen_at_the_next_read(tracked, other_client, page_cache):
    assert tracked.get_many([KEY]) == {}
    page_cache.set(KEY, 1, None)
    wait_for_notice(tracked)
    assert tracked.get_many([KEY]) == {KEY: 1}
    other_client.incr(page_cache.make_key(KEY))
    wait_for_notice(tracked)
    assert tracked.get_many([KEY]) == {KEY: 2}


def test_shared_reads_decode_once_until_the_key_changes(tracked, other_client, page_cache):
    page_cache.set(KEY, {"version": 1}, None)
    tracked.forget([KEY])
    first = tracked.get_many([KEY], shared=True)[KEY]
    assert tracked.get_many([KEY], shared=True)[KEY] is first
    own = tracked.get_many([KEY])[KEY]
    assert own == first and own is not first, "an unshared read decodes a copy of its own"
    page_cache.set(KEY, {"version": 2}, None)  # written by another worker
    wait_for_notice(tracked)
    assert tracked.get_many([KEY], shared=True) == {KEY: {"version": 2}}
    page_cache.set(KEY, {"version": 3}, None)
    tracked.forget([KEY])  # written by this process
    assert tracked.get_many([KEY], shared=True) == {KEY: {"version": 3}}


def test_expiry_deletion_and_flush_are_seen(tracked, other_client, page_cache):
    raw_key = page_cache.make_key(KEY)
    other_client.set(raw_key, 5, px=100)
    assert tracked.get_many([KEY]) == {KEY: 5}
    wait_for_notice(tracked)  # Redis expires the key and says so
    assert tracked.get_many([KEY]) == {}
    other_client.set(raw_key, 6)
    wait_for_notice(tracked)
    assert tracked.get_many([KEY]) == {KEY: 6}
    other_client.delete(raw_key)
    wait_for_notice(tracked)
    assert tracked.get_many([KEY]) == {}
    other_client.set(raw_key, 7)
    wait_for_notice(tracked)
    assert tracked.get_many([KEY]) == {KEY: 7}
    other_client.flushdb()
    wait_for_notice(tracked)
    assert tracked.get_many([KEY]) == {}


def test_a_lost_connection_falls_back_to_the_cache_and_tracking_resumes(
    tracked, other_client, page_cache, monkeypatch, caplog
):
    page_cache.set(KEY, 1, None)
    assert tracked.get_many([KEY]) == {KEY: 1}
    other_client.client_kill_filter(_id=tracked.listener_id)
    caplog.set_level(logging.WARNING, logger="shopkit.cache")
    deadline = time.monotonic() + 5
    while tracked.get_many([KEY]) is not None:  # until the closed socket is read
        assert time.monotonic() < deadline, "the lost listener went unnoticed"
    assert "key tracking lost" in caplog.text
    assert tracked.get_many([KEY]) is None, "no new connection before the retry time"
    monkeypatch.setattr(tracked, "retry_at", 0.0)
    page_cache.set(KEY, 2, None)
    assert tracked.get_many([KEY]) == {KEY: 2}


def test_a_forked_worker_opens_connections_of_its_own(tracked, page_cache):
    page_cache.set(KEY, 1, None)
    tracked.get_many([KEY])
    inherited = tracked.reader
    tracked.pid = -1  # as a worker forked from this process sees it
    assert tracked.get_many([KEY]) == {KEY: 1}
    assert tracked.reader is not inherited


def test_only_django_redis_caches_are_tracked(page_cache):
    assert tracked_reads(page_cache) is tracked_reads(page_cache)
    assert tracked_reads(LocMemCache("shopkit-test", {})) is None


def test_page_hits_read_no_version_and_another_workers_write_makes_them_stale(
    page_cache, other_client
):
    """Through the page cache and the process's own tracked versions."""
    builds = []

    def build():
        builds.append(len(builds) + 1)
        return f"page {len(builds)}", {"sku:1"}

    shared = tracked_reads(page_cache)
    assert cached_page("tracked", build, local=True) == "page 1"
    assert cached_page("tracked", build, local=True) == "page 1"
    sent = []
    send = shared.reader.send_command
    shared.reader.send_command = lambda *args, **kwargs: sent.append(args) or send(*args, **kwargs)
    try:
        for _ in range(20):
            assert cached_page("tracked", build, local=True) == "page 1"
        assert sent == []
        other_client.incr(page_cache.make_key(KEY))  # another worker bumps the tag
        deadline = time.monotonic() + 5
        while cached_page("tracked", build, local=True) == "page 1":
            assert time.monotonic() < deadline, "the write never made the page stale"
        assert builds == [1, 2]
    finally:
        shared.reader.send_command = send


def test_a_token_users_entry_is_read_once_and_a_change_elsewhere_is_seen(alice, other_client):
    token_cache = get_cache(CachePurpose.TOKEN)
    shared = tracked_reads(token_cache)
    assert active_user(alice.pk) == alice  # a miss: the row is read and cached
    # Caching it wrote a key this worker had read (as missing): wait for
    # Redis's notice, which may still be on its way, so no read below is its.
    wait_for_notice(shared)
    assert active_user(alice.pk) == alice  # the entry is cached now
    sent = []
    send = shared.reader.send_command
    shared.reader.send_command = lambda *args, **kwargs: sent.append(args) or send(*args, **kwargs)
    try:
        first, second = active_user(alice.pk), active_user(alice.pk)
        assert first == second == alice and first is not second, "each caller gets its own"
        first.first_name = "changed in one request"
        assert active_user(alice.pk).first_name == alice.first_name
        assert sent == []
        # Another worker deactivates her: it saves the row and bumps her version.
        type(alice).objects.filter(pk=alice.pk).update(is_active=False)
        other_client.incr(token_cache.make_key(f"{VERSION_KEY}{alice.pk}"))
        deadline = time.monotonic() + 5
        while active_user(alice.pk) is not None:
            assert time.monotonic() < deadline, "the deactivation was never seen"
    finally:
        shared.reader.send_command = send
