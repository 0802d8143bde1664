"""The three built-in cart stores pass the contract; the cookie store trusts nothing."""

import uuid

import pytest
from django.core import signing
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from shopkit.cart.stores.base import CartLine
from shopkit.cart.stores.cache import CacheCartStore
from shopkit.cart.stores.cookie import SALT, SignedCookieCartStore
from shopkit.core.backends import get_cache
from shopkit.testing.cart import CartStoreContract

COOKIE = "shopkit_cart"


def request_with_cookie(value=None):
    request = RequestFactory().get("/")
    if value is not None:
        request.COOKIES[COOKIE] = value
    return request


def response_cookie(store):
    response = HttpResponse()
    store.save_to_response(response)
    return response.cookies.get(COOKIE)


class TestCacheCartStoreContract(CartStoreContract):
    def make_store(self):
        return CacheCartStore(caches["default"], uuid.uuid4().hex)

    def reopen(self, store):
        return CacheCartStore(store.cache, store.key.rsplit(":", 1)[1])


class TestSignedCookieCartStoreContract(CartStoreContract):
    """Reopening plays the browser: it sends back what the last response set."""

    def make_store(self):
        store = SignedCookieCartStore(request_with_cookie())
        self.__dict__.setdefault("sent", {})[id(store)] = None
        return store

    def reopen(self, store):
        morsel = response_cookie(store)
        sent = self.__dict__["sent"][id(store)]
        if morsel is not None:
            sent = morsel.value or None
        reopened = SignedCookieCartStore(request_with_cookie(sent))
        self.__dict__["sent"][id(reopened)] = sent
        return reopened


@pytest.mark.services("redis")
class TestRedisCartStoreContract(CartStoreContract):
    def make_store(self):
        from django_redis.cache import RedisCache

        from shopkit.cart.stores.redis import RedisCartStore

        cache = get_cache("cart")
        assert isinstance(cache, RedisCache), "REDIS_URL must make the cart cache django-redis"
        return RedisCartStore.for_cache(cache, f"contract-{uuid.uuid4().hex}")

    def reopen(self, store):
        from shopkit.cart.stores.redis import RedisCartStore

        return RedisCartStore(store.client, store.key)


def signed(lines):
    return signing.dumps(lines, salt=SALT, compress=True)


def test_cookie_round_trip_is_signed_http_only_and_lax():
    store = SignedCookieCartStore(request_with_cookie())
    store.set_line(CartLine(7, 2, True))
    morsel = response_cookie(store)
    assert morsel["httponly"] and morsel["samesite"] == "Lax" and morsel["max-age"] == 1209600
    assert signing.loads(morsel.value, salt=SALT) == [[7, 2, 1]]


@pytest.mark.parametrize(
    "cookie",
    [
        "garbage",
        "",
        signed([[7, 2, 1]])[:-3] + "xyz",  # signature broken
        signing.dumps([[7, 2, 1]], salt="another.salt"),  # signed for something else
        signed([[7, 2, 1]]).replace(":", ".", 1),
        signed({"7": 2}),  # signed but not a list of lines
        signed([[7, 0, 1]]),
        signed([[7, 2, 5]]),
        signed([[-7, 2, 1]]),
        signed([[7, "2", 1]]),
        signed([[7, True, 1]]),
        signed([[7, 2, 1], [7, 3, 1]]),
        signed([[7, 10**6, 1]]),
        signed([[n, 1, 1] for n in range(1, 102)]),  # more lines than allowed
        "x" * 5000,
    ],
)
def test_a_tampered_or_invalid_cookie_is_an_empty_cart_and_gets_deleted(cookie):
    store = SignedCookieCartStore(request_with_cookie(cookie))
    assert store.lines() == []
    morsel = response_cookie(store)
    assert morsel is not None and morsel.value == "" and morsel["max-age"] == 0


def test_a_cookie_older_than_its_age_is_ignored(monkeypatch):
    import time

    value = signed([[7, 2, 1]])
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 14 * 24 * 3600 + 5)
    assert SignedCookieCartStore(request_with_cookie(value)).lines() == []


def test_an_unchanged_cookie_is_not_rewritten():
    store = SignedCookieCartStore(request_with_cookie(signed([[7, 2, 1]])))
    assert store.lines() == [CartLine(7, 2, True)]
    assert response_cookie(store) is None


@override_settings(SHOPKIT_CART_COOKIE_NAME="basket")
def test_cookie_name_is_a_setting():
    request = RequestFactory().get("/")
    request.COOKIES["basket"] = signed([[3, 1, 0]])
    store = SignedCookieCartStore(request)
    assert store.lines() == [CartLine(3, 1, False)]
    store.clear()
    response = HttpResponse()
    store.save_to_response(response)
    assert response.cookies["basket"].value == ""


@pytest.mark.services("redis")
def test_redis_store_keeps_one_readable_hash_per_user_under_the_cache_prefix():
    from django_redis import get_redis_connection

    from shopkit.cart.stores.redis import RedisCartStore

    cache = get_cache("cart")
    store = RedisCartStore.for_cache(cache, "hash-check")
    store.set_line(CartLine(11, 4, False))
    try:
        raw = get_redis_connection("default").hgetall(cache.make_key("shopkit:cart:hash-check"))
        assert list(raw) == [b"11"] and raw[b"11"].startswith(b"4:0:")
    finally:
        store.clear()


@pytest.mark.services("redis")
@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_of_one_redis_cart_lose_no_update(fruit):
    import threading

    from django.db import connections

    from shopkit.cart import services
    from shopkit.cart.stores.redis import RedisCartStore

    apple = fruit["apples"][0]  # 100 in stock
    cache = get_cache("cart")
    owner = f"race-{uuid.uuid4().hex}"
    RedisCartStore.for_cache(cache, owner).set_line(CartLine(apple.pk, 1, True))
    barrier = threading.Barrier(8)

    def click_plus_ten_times():
        store = RedisCartStore.for_cache(cache, owner)  # each request opens its own store
        barrier.wait()
        try:
            for _ in range(10):
                services.increment(store, apple.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click_plus_ten_times) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = RedisCartStore.for_cache(cache, owner)
    assert store.get(apple.pk) == CartLine(apple.pk, 81, True)
    store.clear()
