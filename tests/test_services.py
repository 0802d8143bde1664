"""The real-service tier: these run under ``tox -e services`` (and must, under CI)."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, connections, transaction

from shopkit.core.backends import get_cache
from shopkit.core.tasks import send_email


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_postgresql_row_lock_blocks_a_second_connection():
    user = get_user_model().objects.create_user("locked", "l@example.com", "pw-123456789")
    assert connection.vendor == "postgresql"
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def hold_lock():
        with transaction.atomic():
            get_user_model().objects.select_for_update().get(pk=user.pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    def try_lock():
        try:
            with transaction.atomic():
                get_user_model().objects.select_for_update(nowait=True).get(pk=user.pk)
            outcome["locked_out"] = False
        except DatabaseError:
            outcome["locked_out"] = True
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert locked.wait(10)
    contender = threading.Thread(target=try_lock)
    contender.start()
    contender.join(10)
    release.set()
    holder.join(10)
    assert outcome == {"locked_out": True}


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
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        sent = (
            list(live_celery_worker.mail_dir.glob("*.log"))
            if live_celery_worker.mail_dir.exists()
            else []
        )
        if sent and "shopper@example.com" in sent[0].read_text():
            break
        time.sleep(0.2)
    else:
        pytest.fail(
            f"no mail was written by the worker:\n{live_celery_worker.log_path.read_text()}"
        )
    assert "Your order has shipped." in sent[0].read_text()
    assert "succeeded" in live_celery_worker.log_path.read_text()
