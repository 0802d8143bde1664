"""The three built-in cart stores pass the contract; the cookie store trusts nothing."""

import threading
import uuid

import pytest
from django.core import signing
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from shopkit.cart.stores.base import Addition, AdditionRefused, CartLine
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


def run_in_threads(target, count):
    """``target`` run by ``count`` threads at once; returns when all are done."""
    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


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

    run_in_threads(click_plus_ten_times, 8)
    store = RedisCartStore.for_cache(cache, owner)
    assert store.get(apple.pk) == CartLine(apple.pk, 81, True)
    store.clear()


def redis_store(owner=None):
    from shopkit.cart.stores.redis import RedisCartStore

    return RedisCartStore.for_cache(get_cache("cart"), owner or f"cas-{uuid.uuid4().hex}")


@pytest.fixture
def cart():
    store = redis_store()
    yield store
    store.clear()


@pytest.mark.services("redis")
def test_a_change_read_before_another_requests_write_is_computed_again(cart):
    cart.set_line(CartLine(1, 1, True))
    meanwhile = redis_store(cart.key.rsplit(":", 1)[1])
    seen = []

    def one_more(line):
        seen.append(line)
        if len(seen) == 1:  # another request adds four between the read and the write
            meanwhile.set_line(CartLine(1, 5, True))
        return CartLine(1, line.count + 1, line.selected)

    assert cart.change_line(1, one_more) == CartLine(1, 6, True)
    assert seen == [CartLine(1, 1, True), CartLine(1, 5, True)]
    assert cart.lines() == [CartLine(1, 6, True)]


@pytest.mark.services("redis")
def test_a_new_line_is_computed_again_when_another_line_arrived_meanwhile(cart):
    """The line limit is checked against the number of lines: a line added by
    another request between the read and the write must be counted."""
    owner = cart.key.rsplit(":", 1)[1]
    counts = []

    def new_line(line):
        assert line is None
        counts.append(cart.count())
        if len(counts) == 1:
            redis_store(owner).set_line(CartLine(8, 1, True))
        return CartLine(7, 1, True)

    assert cart.change_line(7, new_line) == CartLine(7, 1, True)
    assert counts == [0, 1]
    assert cart.lines() == [CartLine(8, 1, True), CartLine(7, 1, True)]


@pytest.mark.services("redis")
def test_a_cart_changed_on_every_attempt_answers_busy_and_keeps_the_other_writes(cart):
    from shopkit.cart.stores.redis import MAX_ATTEMPTS
    from shopkit.core.codes import ErrorCode
    from shopkit.core.exceptions import ServiceUnavailable

    meanwhile = redis_store(cart.key.rsplit(":", 1)[1])
    calls = []

    def always_overtaken(line):
        calls.append(line)
        meanwhile.set_line(CartLine(1, len(calls), True))
        return CartLine(1, 999, True)

    with pytest.raises(ServiceUnavailable) as refused:
        cart.change_line(1, always_overtaken)
    assert refused.value.code == ErrorCode.SERVICE_UNAVAILABLE
    assert len(calls) == MAX_ATTEMPTS
    assert cart.lines() == [CartLine(1, MAX_ATTEMPTS, True)]


@pytest.fixture
def round_trips(monkeypatch):
    """Commands sent to Redis from now on (one per round trip: nothing here pipelines)."""
    from redis.connection import AbstractConnection

    sent = []
    send = AbstractConnection.send_packed_command
    monkeypatch.setattr(
        AbstractConnection,
        "send_packed_command",
        lambda self, *args, **kwargs: sent.append(1) or send(self, *args, **kwargs),
    )
    return sent


@pytest.mark.services("redis")
def test_a_change_costs_two_round_trips(cart, round_trips):
    cart.set_lines([CartLine(1, 1, True), CartLine(2, 1, False)])
    cart.change_line(2, lambda line: line)  # the script is loaded once per server
    round_trips.clear()
    assert cart.change_line(1, lambda line: CartLine(1, line.count + 2, True)) == CartLine(
        1, 3, True
    )
    assert len(round_trips) == 2  # the read, then the compare-and-set
    assert cart.lines() == [CartLine(1, 3, True), CartLine(2, 1, False)]


@pytest.mark.services("redis")
def test_an_addition_costs_one_round_trip_and_answers_the_cart_as_written(cart, round_trips):
    cart.set_lines([CartLine(1, 1, False), CartLine(2, 1, False)])
    cart.add_units(Addition(3, 1, 10, 10))  # the script is loaded once per server
    round_trips.clear()
    lines = cart.add_units(Addition(1, 2, 10, 10))
    assert lines == [CartLine(1, 3, True), CartLine(2, 1, False), CartLine(3, 1, True)]
    assert len(round_trips) == 1


@pytest.mark.services("redis")
def test_a_server_that_lost_its_scripts_runs_them_from_the_source(cart, round_trips):
    cart.add_units(Addition(1, 1, 10, 10))
    cart.client.script_flush()  # as after a restart or a failover
    round_trips.clear()
    assert cart.add_units(Addition(1, 1, 10, 10)) == [CartLine(1, 2, True)]
    assert cart.change_line(1, lambda line: CartLine(1, 5, True)) == CartLine(1, 5, True)
    assert len(round_trips) == 5  # EVALSHA refused, EVAL; HGETALL, EVALSHA refused, EVAL
    round_trips.clear()
    cart.add_units(Addition(1, 1, 10, 10))
    assert len(round_trips) == 1, "EVAL left the script on the server"


@pytest.mark.services("redis")
def test_racing_additions_never_pass_the_most_units_or_lines(cart):
    """20 requests add one unit to a line that may hold 10, and 20 add new
    lines to a cart that may hold 5: exactly 10 units and 5 lines are kept."""
    owner = cart.key.rsplit(":", 1)[1]
    outcomes = []

    def add(addition):
        try:
            redis_store(owner).add_units(addition)
            outcomes.append("added")
        except AdditionRefused as refused:
            outcomes.append("full" if refused.lines_full else "count")

    run_in_threads(lambda: add(Addition(1, 1, 10, 5)), 20)
    new_skus = iter(range(100, 120))
    run_in_threads(lambda: add(Addition(next(new_skus), 1, 10, 5)), 20)
    assert outcomes.count("added") == 10 + 4
    assert outcomes.count("count") == 10
    assert outcomes.count("full") == 16
    assert len(cart.lines()) == 5
    assert cart.get(1) == CartLine(1, 10, True)


@pytest.mark.services("redis")
@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_each_answer_the_cart_their_own_write_left(fruit):

    from django.db import connections

    from shopkit.cart import services

    apple = fruit["apples"][0]  # 100 in stock
    owner = f"race-{uuid.uuid4().hex}"
    redis_store(owner).set_line(CartLine(apple.pk, 1, True))
    barrier = threading.Barrier(8)
    answered = []

    def add_ten_times():
        store = redis_store(owner)
        barrier.wait()
        try:
            for _ in range(10):
                (item,) = services.add_and_list(store, apple.pk)
                answered.append(item.count)
        finally:
            connections.close_all()

    run_in_threads(add_ten_times, 8)
    store = redis_store(owner)
    assert store.get(apple.pk) == CartLine(apple.pk, 81, True)
    assert sorted(answered) == list(range(2, 82))  # no two adds saw the same cart
    store.clear()
