"""Every misconfiguration that would answer 500 or lose data is a system check
with an id, a hint and the line to add."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery import Celery
from django.test import override_settings

import shopkit
from shopkit.cart.checks import check_cart_cache
from shopkit.core import broker
from shopkit.core.checks import (
    check_broker,
    check_middleware,
    check_removed_settings,
    check_replicas,
    check_urls,
)
from shopkit.payments.checks import check_payment_providers
from shopkit.search.checks import check_chinese_search
from shopkit.wiring import API_MIDDLEWARE, CART_MIDDLEWARE, CORS_MIDDLEWARE
from tests.fixtures.host import WAGTAIL_START_MIDDLEWARE


def ids(messages):
    return [message.id for message in messages]


def test_the_middleware_helper_satisfies_every_middleware_check(settings):
    settings.MIDDLEWARE = shopkit.middleware(WAGTAIL_START_MIDDLEWARE)
    assert check_middleware() == []


@pytest.mark.parametrize(
    ("remove", "expected"),
    [(API_MIDDLEWARE, "shopkit.E002"), (CART_MIDDLEWARE, "shopkit.E004")],
)
def test_missing_middleware_is_an_error_naming_the_helper(settings, remove, expected):
    settings.MIDDLEWARE = [m for m in shopkit.middleware(WAGTAIL_START_MIDDLEWARE) if m != remove]
    [message] = check_middleware()
    assert message.id == expected and message.is_serious()
    assert "MIDDLEWARE = shopkit.middleware(MIDDLEWARE)" in message.hint
    assert f'"{remove}",' in message.hint


def test_middleware_before_its_anchor_is_an_error(settings):
    middleware = shopkit.middleware(WAGTAIL_START_MIDDLEWARE)
    middleware.remove(API_MIDDLEWARE)
    middleware.insert(0, API_MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    assert ids(check_middleware()) == ["shopkit.E003"]


def test_missing_cors_middleware_is_a_warning(settings):
    settings.MIDDLEWARE = [
        m for m in shopkit.middleware(WAGTAIL_START_MIDDLEWARE) if m != CORS_MIDDLEWARE
    ]
    [message] = check_middleware()
    assert message.id == "shopkit.W003" and not message.is_serious()


def test_the_one_include_satisfies_the_url_check():
    assert check_urls() == []


@override_settings(ROOT_URLCONF="tests.core.urls_without_shopkit")
def test_urls_without_shopkit_are_an_error_with_the_line_to_add():
    [message] = check_urls()
    assert message.id == "shopkit.E006"
    assert 'path("", include("shopkit.urls")),' in message.hint
    assert "shopkit_storefront" in message.msg and "shopkit_api" in message.msg


def test_no_active_payment_provider_is_an_error(settings):
    settings.SHOPKIT_PAYMENT_PROVIDERS = {}
    assert ids(check_payment_providers()) == ["shopkit.E007"]


def test_an_inactive_default_payment_provider_is_an_error(settings):
    settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER = "alipay"
    [message] = check_payment_providers()
    assert message.id == "shopkit.E008" and "'sandbox'" in message.hint


def test_an_unset_default_payment_provider_uses_the_first_active_one(settings):
    del settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER
    assert check_payment_providers() == []


@pytest.fixture
def app_without_broker(monkeypatch):
    """A Celery app like the one a project without a Celery app file gets."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    app = Celery("no_broker", set_as_current=False)
    monkeypatch.setattr(broker, "current_app", app)
    monkeypatch.setattr(broker, "_ran_in_process", False)
    return app


def test_no_broker_with_debug_off_is_an_error(app_without_broker, settings):
    settings.DEBUG = False
    [message] = check_broker()
    assert message.id == "shopkit.E010"
    assert "app.config_from_object('django.conf:settings', namespace='CELERY')" in message.hint


def test_no_broker_with_debug_on_runs_tasks_in_process_and_says_so(
    app_without_broker, settings, caplog
):
    settings.DEBUG = True
    broker.run_tasks_in_process_without_broker()
    assert app_without_broker.conf.task_always_eager is True
    assert "runs its tasks inside the web process" in caplog.text
    assert ids(check_broker()) == ["shopkit.I010"]


def test_a_broker_or_eager_tasks_pass_the_broker_check(app_without_broker, settings):
    settings.DEBUG = False
    app_without_broker.conf.broker_url = "amqp://guest@127.0.0.1//"
    assert check_broker() == []
    broker.run_tasks_in_process_without_broker()
    assert app_without_broker.conf.task_always_eager is False


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@override_settings(CACHES=LOCMEM, DEBUG=False)
def test_carts_in_a_process_local_cache_with_debug_off_are_an_error():
    assert ids(check_cart_cache()) == ["shopkit.E011"]


@override_settings(CACHES=LOCMEM, DEBUG=True)
def test_carts_in_a_process_local_cache_are_fine_while_debugging():
    assert check_cart_cache() == []


def test_carts_in_a_shared_cache_pass(settings, tmp_path):
    settings.DEBUG = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    assert check_cart_cache() == []


PLAIN_WHOOSH = {
    "default": {"ENGINE": "haystack.backends.whoosh_backend.WhooshEngine", "PATH": "/tmp/x"}
}


@override_settings(LANGUAGE_CODE="zh-hans", HAYSTACK_CONNECTIONS=PLAIN_WHOOSH)
def test_a_search_engine_that_cannot_cut_chinese_warns_on_a_chinese_site():
    [message] = check_chinese_search()
    assert message.id == "shopkit.W012" and not message.is_serious()
    assert "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine" in message.hint


@override_settings(LANGUAGE_CODE="en", HAYSTACK_CONNECTIONS=PLAIN_WHOOSH)
def test_a_plain_search_engine_is_fine_on_an_english_site():
    assert check_chinese_search() == []


def test_the_chinese_engine_passes_the_search_check(settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert check_chinese_search() == []


def test_check_deploy_fails_for_production_settings_that_would_lose_carts_or_payments(tmp_path):
    """The example project with DEBUG off, no Redis and no Alipay keys: the
    checks name both problems and ``check --deploy`` exits non-zero."""
    project = Path(__file__).resolve().parents[2] / "example_project"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-secret-" + "x" * 50,
        SHOPKIT_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "shopkit.E011" in result.stderr and "shopkit.E007" in result.stderr


@pytest.mark.parametrize(
    ("removed", "replacement"),
    [
        ("SHOPKIT_ALIPAY", 'SHOPKIT_PAYMENT_PROVIDERS["alipay"]'),
        ("SHOPKIT_S3_STORAGE_OPTIONS", 'STORAGES["s3"]'),
        ("SHOPKIT_S3_PURPOSES", "SHOPKIT_STORAGE_ALIASES"),
        ("SHOPKIT_FASTDFS_TRACKERS", 'STORAGES["fastdfs"]'),
        ("SHOPKIT_FASTDFS_PURPOSES", "SHOPKIT_STORAGE_ALIASES"),
        ("SHOPKIT_WEIBO", 'SHOPKIT_LOGIN_PROVIDERS["weibo"]'),
    ],
)
def test_a_removed_contrib_setting_is_an_error_naming_its_replacement(
    settings, removed, replacement
):
    assert check_removed_settings() == []
    setattr(settings, removed, {})
    [message] = check_removed_settings()
    assert message.id == "shopkit.E015" and message.is_serious()
    assert removed in message.msg and replacement in message.hint


def test_the_old_chinese_engine_path_is_an_error_naming_the_new_one(settings):
    settings.HAYSTACK_CONNECTIONS = {
        "default": {"ENGINE": "shopkit.contrib.whoosh_cn.backend.ChineseWhooshEngine"}
    }
    [message] = check_removed_settings()
    assert message.id == "shopkit.E015"
    assert "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine" in message.hint


def test_replicas_without_the_router_and_the_middleware_are_warned(settings, replica_alias):
    settings.DATABASE_ROUTERS = []
    messages = check_replicas()
    assert [m.id for m in messages] == ["shopkit.W023", "shopkit.W023"]
    assert "ReplicaRouter is not in DATABASE_ROUTERS" in messages[0].msg
    assert "ReadYourWritesMiddleware is not in MIDDLEWARE" in messages[1].msg


def test_replicas_with_the_router_and_the_middleware_pass(settings, replica_alias):
    settings.MIDDLEWARE = ["shopkit.core.middleware.ReadYourWritesMiddleware", *settings.MIDDLEWARE]
    assert check_replicas() == []


def test_no_replicas_no_replica_check(settings):
    settings.SHOPKIT_READ_REPLICAS = []
    assert check_replicas() == []
