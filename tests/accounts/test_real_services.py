"""Accounts on real services: codes and login counters in Redis, activation
mail sent by a Celery worker through the broker."""

import pytest
from django.core import mail

from shopkit.accounts import services
from shopkit.accounts.onetime import cache_key
from shopkit.accounts.sms.codes import consume_sms_code, send_sms_code
from shopkit.accounts.throttle import claim_login_attempt
from shopkit.core.backends import get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from tests.fixtures.accounts import PASSWORD, last_sms_code


@pytest.mark.services("redis")
def test_sms_codes_live_in_redis_with_their_expiry_and_are_consumed(sms_outbox):
    from django_redis import get_redis_connection
    from django_redis.cache import RedisCache

    cache = get_cache("code")
    assert isinstance(cache, RedisCache)
    send_sms_code("13912345678")
    key = cache.make_key(cache_key("sms", "code", "13912345678"))
    redis = get_redis_connection("default")
    assert 290 <= redis.ttl(key) <= 300
    code = last_sms_code(sms_outbox, "13912345678")
    assert consume_sms_code("13912345678", code)
    assert not redis.exists(key)
    with pytest.raises(ShopkitError) as error:
        send_sms_code("13912345678")
    assert error.value.code == ErrorCode.USERS_CODE_TOO_FREQUENT


@pytest.mark.services("redis")
def test_login_failures_are_counted_in_redis(settings):
    from django_redis.cache import RedisCache

    assert isinstance(get_cache("ratelimit"), RedisCache)
    settings.SHOPKIT_LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        claim_login_attempt("someone", "10.1.1.1")
    with pytest.raises(ShopkitError) as error:
        claim_login_attempt("someone", "10.1.1.2")
    assert error.value.code == ErrorCode.USERS_LOGIN_LOCKED
    assert get_cache("ratelimit").ttl(cache_key("login", "name", "someone")) > 0


@pytest.mark.services("celery")
@pytest.mark.django_db
def test_activation_mail_is_sent_by_a_real_worker(
    live_celery_worker, django_capture_on_commit_callbacks
):
    with live_celery_worker.receiving_tasks():
        with django_capture_on_commit_callbacks(execute=True):
            services.register_shopper(
                services.NewAccount(
                    username="worker_fan",
                    password=PASSWORD,
                    email="worker@example.com",
                    phone="13912345678",
                ),
                lambda code: f"http://shop.test/user/activate/{code}/",
            )
    assert not mail.outbox  # it went through the broker, not this process
    text = live_celery_worker.wait_for_mail("worker@example.com")
    assert "http://shop.test/user/activate/" in text
