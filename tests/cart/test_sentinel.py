"""Carts through Redis Sentinel: django-redis' Sentinel client, configured as
docs/deployment.md says, against a real Sentinel (Debian's redis-server in
sentinel mode) watching the suite's Redis."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django_redis.cache import RedisCache
from serving import free_port

from shopkit.cart.stores.redis import RedisCartStore
from shopkit.testing.cart import CartStoreContract

pytestmark = pytest.mark.services("redis")

SERVICE = "shopkit-test"


@pytest.fixture(scope="module")
def sentinel(tmp_path_factory):
    """A Sentinel on a free loopback port, monitoring the Redis of ``REDIS_URL``
    as the primary of the service ``shopkit-test``; yields its port."""
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    primary = urlsplit(os.environ["REDIS_URL"])
    directory = tmp_path_factory.mktemp("sentinel")
    port = free_port()
    conf = directory / "sentinel.conf"  # Sentinel rewrites it: a file of its own
    conf.write_text(
        f"port {port}\nbind 127.0.0.1\ndir {directory}\n"
        f"sentinel monitor {SERVICE} {primary.hostname or '127.0.0.1'} {primary.port or 6379} 1\n"
        f"sentinel down-after-milliseconds {SERVICE} 5000\n"
    )
    process = subprocess.Popen(
        [server, str(conf), "--sentinel"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 30
        while True:
            try:
                if client.sentinel_get_master_addr_by_name(SERVICE):
                    break
            except redis.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Redis Sentinel did not start (is redis-server installed?)")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def sentinel_cache(port: int) -> RedisCache:
    """The cache settings docs/deployment.md gives for Sentinel, on the suite's database."""
    database = urlsplit(os.environ["REDIS_URL"]).path.strip("/") or "0"
    return RedisCache(
        f"redis://{SERVICE}/{database}",
        {
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.SentinelClient",
                "CONNECTION_FACTORY": "django_redis.pool.SentinelConnectionFactory",
                "SENTINELS": [("127.0.0.1", port)],
            }
        },
    )


class TestSentinelCartStoreContract(CartStoreContract):
    @pytest.fixture(autouse=True)
    def _through_sentinel(self, sentinel):
        self.cache = sentinel_cache(sentinel)

    def make_store(self):
        return RedisCartStore.for_cache(self.cache, f"sentinel-{uuid.uuid4().hex}")

    def reopen(self, store):
        return RedisCartStore(store.client, store.key)


def test_the_sentinel_client_writes_to_the_primary_sentinel_names(sentinel):
    cache = sentinel_cache(sentinel)
    key = f"shopkit:sentinel-check:{uuid.uuid4().hex}"
    cache.set(key, "through sentinel", 30)
    primary = urlsplit(os.environ["REDIS_URL"])
    direct = RedisCache(
        os.environ["REDIS_URL"], {"OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"}}
    )
    assert direct.get(key) == "through sentinel"  # the same Redis, found through Sentinel
    sentinels = redis.Redis(port=sentinel, decode_responses=True)
    host, port = sentinels.sentinel_get_master_addr_by_name(SERVICE)
    assert (host, int(port)) == (primary.hostname or "127.0.0.1", primary.port or 6379)
    cache.delete(key)
