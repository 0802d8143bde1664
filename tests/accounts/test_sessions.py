"""``shopkit.accounts.sessions``: Django's cached_db sessions, answered from
the database while the cache is down, cached for minutes rather than weeks."""

import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches

from shopkit.accounts.sessions import CACHE_TIMEOUT, SessionStore
from tests.fixtures.accounts import PASSWORD


@pytest.fixture(autouse=True)
def cached_sessions(settings):
    settings.SESSION_ENGINE = "shopkit.accounts.sessions"


def test_a_session_is_read_back_from_the_cache_and_the_database(db):
    store = SessionStore()
    store[SESSION_KEY] = "7"
    store.create()
    assert SessionStore(store.session_key)[SESSION_KEY] == "7"
    caches["default"].clear()
    assert SessionStore(store.session_key)[SESSION_KEY] == "7"  # from the row
    assert SessionStore(store.session_key).exists(store.session_key)


def test_logging_in_and_out_works_while_the_cache_is_down(client, alice, dead_redis):
    answer = client.post("/user/login/", {"username": "alice", "password": PASSWORD})
    assert answer.status_code == 302
    assert client.get("/user/").status_code == 200
    assert client.post("/user/logout/").status_code == 302
    assert client.get("/user/").status_code == 302


def test_a_session_saved_while_the_cache_is_down_is_read_from_the_database(db, dead_redis):
    store = SessionStore()
    store["seen"] = 1
    store.save()
    assert SessionStore(store.session_key)["seen"] == 1
    assert store.exists(store.session_key)  # asks the cache first


@pytest.mark.services("redis")
def test_a_cached_session_expires_from_the_cache_within_minutes(db):
    """A logout whose cache delete is lost in an outage must not leave the
    session readable for the weeks a session lasts."""
    store = SessionStore()
    store["seen"] = uuid.uuid4().hex
    store.create()
    ttl = caches["default"].ttl(store.cache_key)
    assert 0 < ttl <= CACHE_TIMEOUT


@pytest.mark.services("redis")
def test_a_session_is_read_from_the_workers_memory_until_another_worker_writes_it(db):
    import redis

    from shopkit.accounts.sessions import SessionCache
    from shopkit.core.tracked_cache import tracked_reads

    store = SessionStore()
    store["seen"] = 1
    store.create()
    assert SessionStore(store.session_key)["seen"] == 1  # remembered now
    shared = tracked_reads(SessionCache())
    sent = []
    send = shared.reader.send_command
    shared.reader.send_command = lambda *args, **kwargs: sent.append(args) or send(*args, **kwargs)
    cache = caches["default"]
    other_worker = redis.Redis(connection_pool=cache.client.get_client().connection_pool)
    try:
        assert SessionStore(store.session_key)["seen"] == 1
        assert sent == [], "a remembered session costs no round trip"
        # Another worker's request saves the session (cached_db writes the cache too).
        other_worker.set(cache.make_key(store.cache_key), cache.client.encode({"seen": 2}))
        assert shared.listener.can_read(timeout=5), "Redis sent no invalidation"
        assert SessionStore(store.session_key)["seen"] == 2
        # This worker's own write is seen at once, without waiting for the notice.
        saved = SessionStore(store.session_key)
        saved["seen"] = 3
        saved.save()
        assert SessionStore(store.session_key)["seen"] == 3
        SessionStore(store.session_key).delete()
        assert SessionStore(store.session_key).load() == {}
    finally:
        shared.reader.send_command = send
        other_worker.close()
