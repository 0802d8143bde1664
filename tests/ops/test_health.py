"""``/health/``: every database, cache and storage purpose and the broker, for load balancers."""

from __future__ import annotations

import dataclasses
import os

import pytest
from celery import current_app
from django.core.exceptions import ImproperlyConfigured
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from shopkit import hookimpl
from shopkit.core.backends import CACHE_PURPOSES, STORAGE_PURPOSES


@dataclasses.dataclass
class AlwaysDown(HealthCheck):
    """A project's own check, failing."""

    def run(self) -> None:
        raise ServiceUnavailable("payments gateway unreachable")


@pytest.fixture
def celery_conf():
    """Set Celery options for one test (Celery's settings cannot be monkeypatched)."""
    saved = {}

    def set_options(**options):
        for name, value in options.items():
            saved.setdefault(name, getattr(current_app.conf, name))
            setattr(current_app.conf, name, value)

    yield set_options
    for name, value in saved.items():
        setattr(current_app.conf, name, value)


def health(client):
    return client.get("/health/", HTTP_ACCEPT="application/json")


@pytest.mark.django_db
def test_healthy_shop_answers_200_naming_every_check(client):
    answer = health(client)
    assert answer.status_code == 200
    checks = answer.json()
    assert set(checks.values()) == {"OK"}
    names = " ".join(checks)
    assert "Database(alias='default')" in names
    for purpose in CACHE_PURPOSES:
        assert f"CacheCheck(purpose='{purpose}')" in names
    for purpose in STORAGE_PURPOSES:
        assert f"StorageCheck(purpose='{purpose}')" in names
    assert answer["Cache-Control"].startswith("max-age=0")


class DeadCartCache:
    """Carts in a Redis nobody runs (port 1)."""

    @hookimpl
    def shopkit_cache(self, purpose):
        from django_redis.cache import RedisCache

        if purpose == "cart":
            return RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5}})
        return None


@pytest.mark.django_db
def test_a_cache_that_is_down_fails_the_check_of_its_purpose_only(client, shopkit_plugin):
    shopkit_plugin(DeadCartCache(), name="dead-carts")
    answer = health(client)
    assert answer.status_code == 500
    failed = {name: state for name, state in answer.json().items() if state != "OK"}
    assert failed == {
        "CacheCheck(purpose='cart')": "Unavailable: cache for 'cart' unreachable: ConnectionError"
    }


@pytest.mark.django_db
def test_a_broker_that_is_down_fails_the_broker_check(client, celery_conf, monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery prefers it to its settings
    celery_conf(task_always_eager=False, broker_url="amqp://guest:guest@127.0.0.1:1//")
    answer = health(client)
    assert answer.status_code == 500
    assert answer.json()["BrokerCheck()"].startswith("Unavailable: broker unreachable")


@pytest.mark.django_db
def test_eager_tasks_need_no_broker_check(client, celery_conf):
    celery_conf(task_always_eager=True)
    assert "BrokerCheck()" not in health(client).json()


@pytest.mark.django_db
def test_a_projects_own_checks_run_beside_the_shops(client, settings):
    settings.SHOPKIT_HEALTH_CHECKS = ["tests.ops.test_health.AlwaysDown"]
    answer = health(client)
    assert answer.status_code == 500
    assert answer.json()["AlwaysDown()"] == "Unavailable: payments gateway unreachable"


def test_health_checks_setting_must_be_a_list(settings):
    from shopkit.conf import app_settings

    settings.SHOPKIT_HEALTH_CHECKS = "tests.ops.test_health.AlwaysDown"
    with pytest.raises(ImproperlyConfigured, match="HEALTH_CHECKS must be a list"):
        app_settings.HEALTH_CHECKS  # noqa: B018


@pytest.mark.django_db
def test_answers_plain_text_for_a_probe_that_asks_for_it(client):
    answer = client.get("/health/", HTTP_ACCEPT="text/plain")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")
    assert "CacheCheck(purpose='page'): OK" in answer.content.decode()


@pytest.mark.services("postgres", "redis", "celery")
@pytest.mark.django_db
def test_real_services_are_healthy(client, celery_conf):
    """PostgreSQL, Redis and RabbitMQ as the services suite configures them."""
    celery_conf(task_always_eager=False, broker_url=os.environ["CELERY_BROKER_URL"])
    answer = health(client)
    assert answer.status_code == 200, answer.json()
    assert answer.json()["BrokerCheck()"] == "OK"
