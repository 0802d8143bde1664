"""Limits that hold when requests race: login per name and per client address,
code guesses, SMS codes per phone and per client address.

Each race runs on the embedded cache (LocMem) and on a real Redis. The
password check is slowed down, as a real hasher is, so a limit checked before
it is counted would let most of the burst through.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connections
from django.test import RequestFactory

from shopkit.accounts import onetime, services
from shopkit.accounts.sms.codes import send_sms_code
from shopkit.core.backends import get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from tests.fixtures.accounts import PASSWORD

BURST = 100
THREADS = 50  # each does BURST // THREADS requests; fewer DB connections than BURST


@pytest.fixture(
    params=[
        "embedded",
        pytest.param("redis", marks=pytest.mark.services("redis")),
    ]
)
def race_cache(request, settings):
    """Which cache keeps the counters: Django's LocMem, or the Redis the tests use."""
    if request.param == "embedded":
        settings.CACHES = {
            **settings.CACHES,
            "race": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "race",
            },
        }
        settings.SHOPKIT_CACHE_ALIASES = {
            **getattr(settings, "SHOPKIT_CACHE_ALIASES", {}),
            "ratelimit": "race",
            "code": "race",
        }
    else:
        from django_redis.cache import RedisCache

        assert isinstance(get_cache("ratelimit"), RedisCache)
        assert isinstance(get_cache("code"), RedisCache)
    get_cache("ratelimit").clear()
    get_cache("code").clear()
    yield request.param
    get_cache("ratelimit").clear()
    get_cache("code").clear()


def burst(attempt: Callable[[int], object]) -> list[object]:
    """Run ``attempt(0..BURST-1)`` from THREADS threads released at once; the answers."""
    start = threading.Event()
    answers: list[object] = []
    lock = threading.Lock()

    def worker(first: int) -> None:
        start.wait()
        try:
            for number in range(first, BURST, THREADS):
                try:
                    answer: object = attempt(number)
                except ShopkitError as error:
                    answer = error.code
                with lock:
                    answers.append(answer)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(first,)) for first in range(THREADS)]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join(60)
    assert len(answers) == BURST
    return answers


def counted(monkeypatch, module, name: str, delay: float = 0.005) -> list[int]:
    """Wrap ``module.name`` so each call is counted and takes ``delay`` seconds."""
    calls: list[int] = []
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        calls.append(1)
        time.sleep(delay)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def login_request(ip: str):
    return RequestFactory().post("/v1/tokens", REMOTE_ADDR=ip)


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_for_one_name_check_at_most_the_limit(
    race_cache, alice, monkeypatch, settings
):
    settings.SHOPKIT_LOGIN_FAILURE_LIMIT = 5
    checks = counted(monkeypatch, services, "authenticate")
    answers = burst(
        lambda n: services.authenticate_shopper(
            login_request(f"10.7.{n // 250}.{n % 250}"), "alice", "bad"
        )
    )
    assert 1 <= len(checks) <= 5
    assert answers.count(ErrorCode.USERS_LOGIN_FAILED) == len(checks)
    assert answers.count(ErrorCode.USERS_LOGIN_LOCKED) == BURST - len(checks)
    with pytest.raises(ShopkitError) as error:
        services.authenticate_shopper(login_request("10.8.0.1"), "alice", PASSWORD)
    assert error.value.code == ErrorCode.USERS_LOGIN_LOCKED


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_from_one_address_check_at_most_the_limit(
    race_cache, alice, monkeypatch, settings
):
    settings.SHOPKIT_LOGIN_IP_FAILURE_LIMIT = 20
    checks = counted(monkeypatch, services, "authenticate")
    answers = burst(
        lambda n: services.authenticate_shopper(login_request("10.9.9.9"), f"name_{n}", "bad")
    )
    assert 1 <= len(checks) <= 20
    assert answers.count(ErrorCode.USERS_LOGIN_LOCKED) == BURST - len(checks)
    with pytest.raises(ShopkitError) as error:
        services.authenticate_shopper(login_request("10.9.9.9"), "alice", PASSWORD)
    assert error.value.code == ErrorCode.USERS_LOGIN_LOCKED
    assert services.authenticate_shopper(login_request("10.9.9.10"), "alice", PASSWORD) == alice


@pytest.mark.django_db(transaction=True)
def test_successful_logins_do_not_use_up_the_address(race_cache, alice, settings):
    settings.SHOPKIT_LOGIN_IP_FAILURE_LIMIT = 3
    for _ in range(10):
        assert services.authenticate_shopper(login_request("10.9.9.9"), "alice", PASSWORD) == alice


def test_parallel_code_guesses_compare_at_most_the_limit(race_cache, monkeypatch, settings):
    settings.SHOPKIT_CODE_MAX_ATTEMPTS = 5
    code = onetime.issue_code("reset", "alice@example.com", 600)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    compares = counted(monkeypatch, onetime, "constant_time_compare")
    answers = burst(lambda n: onetime.consume_code("reset", "alice@example.com", wrong))
    assert answers == [False] * BURST
    # At most one compare per slot. There may be none: the guess that takes the
    # last slot throws the code away, possibly before the others read it.
    assert len(compares) <= 5
    assert not onetime.consume_code("reset", "alice@example.com", code)  # thrown away


def test_right_code_after_wrong_guesses_below_the_limit_still_works(race_cache, settings):
    settings.SHOPKIT_CODE_MAX_ATTEMPTS = 3
    code = onetime.issue_code("sms", "13912345678", 300)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert not onetime.code_matches("sms", "13912345678", wrong)
    assert not onetime.code_matches("sms", "13912345678", wrong)
    # Checking a code and then using it (as registration does) costs no guess.
    assert onetime.code_matches("sms", "13912345678", code)
    assert onetime.consume_code("sms", "13912345678", code)


def sent(outbox) -> int:
    return outbox.getvalue().count("SMS to ")


def test_parallel_sms_requests_from_one_address_send_at_most_the_limit(
    race_cache, sms_outbox, settings
):
    settings.SHOPKIT_SMS_CODE_IP_LIMIT = 10
    answers = burst(lambda n: send_sms_code(f"139{n:08d}", "10.5.5.5"))
    assert sent(sms_outbox) == answers.count(None) == 10
    assert answers.count(ErrorCode.USERS_CODE_TOO_FREQUENT) == BURST - 10
    send_sms_code("13800000999", "10.5.5.6")  # another client is not affected
    assert sent(sms_outbox) == 11


def test_parallel_sms_requests_for_one_phone_send_one_code(race_cache, sms_outbox):
    answers = burst(lambda n: send_sms_code("13912345678", f"10.6.{n // 250}.{n % 250}"))
    assert sent(sms_outbox) == answers.count(None) == 1


def test_phone_refusals_do_not_use_up_the_address(race_cache, sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_IP_LIMIT = 2
    send_sms_code("13912345678", "10.5.5.5")
    for _ in range(5):
        with pytest.raises(ShopkitError):
            send_sms_code("13912345678", "10.5.5.5")
    send_sms_code("13912345679", "10.5.5.5")
    assert sent(sms_outbox) == 2
