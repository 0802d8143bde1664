"""Redis down: the shop degrades instead of falling over (DESIGN.md §5, issue 15 point 3).

The test owns its Redis: a ``redis-server`` on a free port, with nothing
saved to disk. It warms the pages, kills that server, checks that the
catalogue and login still answer from the database while the cart answers
``SERVICE_UNAVAILABLE``, then starts the server again on the same port and
checks that the cart works again, without restarting anything else.

Needs the ``redis-server`` binary: skipped without it, failed under ``CI=true``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from serving import free_port

from shopkit.core import backends
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db


class PrivateRedis:
    """A ``redis-server`` this test starts, kills and starts again on one port."""

    def __init__(self, binary: str, port: int) -> None:
        self.binary = binary
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        pytest.fail(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def private_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "needs the redis-server binary (apt install redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true requires it: {reason}", pytrace=False)
        pytest.skip(reason)
    server = PrivateRedis(binary, free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_caches(private_redis):
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    with override_settings(CACHES=caches):
        yield private_redis


def cart_post(client, user, body):
    return client.post(
        f"/v1/carts/{user.get_username()}",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}",
    ).json()


def test_pages_and_login_survive_redis_going_down_and_the_cart_recovers(
    client, redis_caches, search_catalogue, alice, caplog
):
    berry = search_catalogue["berries"]["500g"]
    category = search_catalogue["category"].pk
    pages = ["/", f"/list/{category}/1", f"/goods/{berry.pk}", "/search/?q=草莓"]
    for path in pages:  # warm: the page data is in Redis now
        assert client.get(path).status_code == 200, path
    assert client.get("/v1/goods/index").json()["code"] == 200
    assert cart_post(client, alice, {"sku_id": berry.pk, "count": 1})["code"] == 200

    redis_caches.stop()
    caplog.set_level(logging.WARNING, logger="shopkit.cache")
    backends._last_logged.clear()

    for path in pages:
        assert client.get(path).status_code == 200, path
    assert client.get("/v1/goods/index").json()["code"] == 200
    assert client.get("/user/login/").status_code == 200
    wrong = client.post("/user/login/", {"username": "alice", "password": "wrong"})
    assert wrong.status_code == 200 and wrong.context["form"].non_field_errors()
    logged_in = client.post("/user/login/", {"username": "alice", "password": PASSWORD})
    assert logged_in.status_code == 302, "login must work without Redis"
    for path in pages:  # logged in: the header's cart count and the history are skipped
        assert client.get(path).status_code == 200, path

    answer = cart_post(client, alice, {"sku_id": berry.pk, "count": 1})
    assert answer["code"] == ErrorCode.SERVICE_UNAVAILABLE == 503
    cart_page = client.get("/cart/")
    assert cart_page.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):
        message = translation.gettext(ErrorCode.SERVICE_UNAVAILABLE.message)
    assert message in cart_page.content.decode()
    # Logged once per purpose and outage window, not once per call.
    outage_records = [r for r in caplog.records if r.name == "shopkit.cache"]
    purposes = [r.args[0] for r in outage_records]
    assert outage_records and len(purposes) == len(set(purposes)), purposes

    redis_caches.start()  # same port, nothing restarted in this process
    answer = cart_post(client, alice, {"sku_id": berry.pk, "count": 2})
    assert answer["code"] == 200
    assert [line["count"] for line in answer["data"]] == [2]  # Redis came back empty
    assert client.get("/cart/").status_code == 200
    for path in pages:
        assert client.get(path).status_code == 200, path


def test_soft_cache_misses_and_drops_writes(dead_redis):
    cache = backends.soft_cache("page")
    assert cache.get("k") is None and cache.get("k", 7) == 7
    assert cache.get_many(["k"]) == {}
    cache.set("k", 1)
    assert cache.add("k", 1) is False
    with pytest.raises(ValueError):
        cache.incr("k")


def test_required_cache_raises_service_unavailable(dead_redis):
    with pytest.raises(backends.CacheUnavailable) as raised:
        backends.required_cache("code").set("k", 1)
    assert raised.value.code is ErrorCode.SERVICE_UNAVAILABLE


def test_local_fallback_counts_in_the_process(dead_redis):
    cache = backends.local_fallback_cache("ratelimit-test")
    cache.add("n", 0, 60)
    assert cache.incr("n") == 1 and cache.incr("n") == 2
    backends._local_cache("ratelimit-test").clear()


def test_an_outage_is_logged_once_per_window_and_purpose(dead_redis, caplog):
    caplog.set_level(logging.WARNING, logger="shopkit.cache")
    for _ in range(5):
        backends.soft_cache("page").get("k")
        backends.soft_cache("history").get("k")
    assert sorted(r.args[0] for r in caplog.records if r.name == "shopkit.cache") == [
        "history",
        "page",
    ]
