"""The core seams on real services (``tox -e services``; required under CI): the
page cache in Redis through django-redis, compressed; mail sent by a Celery
worker through the broker."""

import pytest

from shopkit.core.backends import get_cache
from shopkit.core.tasks import send_email


@pytest.mark.services("redis")
def test_cache_is_django_redis_and_stores_values_compressed():
    from django_redis import get_redis_connection
    from django_redis.cache import RedisCache

    cache = get_cache("page")
    assert isinstance(cache, RedisCache)
    value = "新鲜草莓 " * 500
    cache.set("shopkit-services-probe", value, 30)
    raw = get_redis_connection("default").get(cache.make_key("shopkit-services-probe"))
    assert raw is not None and len(raw) < len(value.encode()) / 10
    assert cache.get("shopkit-services-probe") == value
    cache.delete("shopkit-services-probe")


@pytest.mark.services("celery")
def test_mail_task_runs_on_a_real_worker_through_the_broker(live_celery_worker):
    send_email.apply_async(
        args=["订单通知", "Your order has shipped.", ["shopper@example.com"]],
        queue=live_celery_worker.queue,
    )
    text = live_celery_worker.wait_for_mail("shopper@example.com")
    assert "Your order has shipped." in text
    assert "succeeded" in live_celery_worker.log()
