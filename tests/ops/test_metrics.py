"""``/metrics``: what the shop did, for Prometheus, and only for the networks allowed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from prometheus_client import REGISTRY

from shopkit.core.exceptions import ShopkitError
from shopkit.orders.placement import place_order
from shopkit.payments.providers.base import VerifiedPayment
from shopkit.payments.services import record_verified
from shopkit.search.tasks import refresh_search_index

pytestmark = pytest.mark.django_db


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def scrape(client, address: str = "127.0.0.1"):
    return client.get("/metrics", REMOTE_ADDR=address)


def test_metrics_are_served_to_this_machine_in_prometheus_form(client):
    answer = scrape(client)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain")
    body = answer.content.decode()
    for name in ["shopkit_orders_placed_total", "shopkit_stock_outs_total"]:
        assert f"# TYPE {name} counter" in body
    assert scrape(client, "::ffff:127.0.0.1").status_code == 200


@pytest.mark.parametrize("address", ["10.1.2.3", "2001:db8::1", "not-an-address"])
def test_metrics_are_refused_to_other_networks(client, address):
    assert scrape(client, address).status_code == 403


def test_allowed_networks_are_a_setting(client, settings):
    settings.SHOPKIT_METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert scrape(client, "10.1.2.3").status_code == 200
    assert scrape(client, "127.0.0.1").status_code == 403


@pytest.mark.parametrize("value", ["10.0.0.0/8", ["10.0.0.300/8"], ["10.0.0.1/8"], [None]])
def test_bad_allowed_networks_are_improperly_configured(settings, value):
    from shopkit.conf import app_settings

    settings.SHOPKIT_METRICS_ALLOWED_NETWORKS = value
    with pytest.raises(ImproperlyConfigured, match="METRICS_ALLOWED_NETWORKS"):
        app_settings.METRICS_ALLOWED_NETWORKS  # noqa: B018


def test_orders_placed_paid_and_cancelled_are_counted_once_committed(
    buyer, buyer_address, fruit, django_capture_on_commit_callbacks
):
    apple = fruit["apples"][0]
    before = (
        sample("shopkit_orders_placed_total"),
        sample("shopkit_orders_paid_total", provider="sandbox"),
        sample("shopkit_paid_amount_total", provider="sandbox"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(buyer, buyer_address.pk, [(apple.pk, 2)])
    assert sample("shopkit_orders_placed_total") == before[0] + 1
    paid = VerifiedPayment(
        order_id=order.order_id, amount=order.total_amount, trade_no="T1", paid=True, raw={}
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_verified("sandbox", paid)
        record_verified("sandbox", paid)  # a replayed notification pays nothing more
    assert sample("shopkit_orders_paid_total", provider="sandbox") == before[1] + 1
    assert sample("shopkit_paid_amount_total", provider="sandbox") == pytest.approx(
        before[2] + float(order.total_amount)
    )


def test_placement_refused_for_stock_is_a_stock_out(buyer, buyer_address, fruit):
    berry = fruit["berries"]["500g"]  # stock 20
    before = sample("shopkit_stock_outs_total"), sample("shopkit_orders_placed_total")
    with pytest.raises(ShopkitError):
        place_order(buyer, buyer_address.pk, [(berry.pk, 21)])
    assert sample("shopkit_stock_outs_total") == before[0] + 1
    assert sample("shopkit_orders_placed_total") == before[1]


def test_celery_tasks_are_counted_and_timed():
    before = sample("shopkit_celery_tasks_total", task=refresh_search_index.name, state="success")
    timed = sample("shopkit_celery_task_seconds_count", task=refresh_search_index.name)
    refresh_search_index.delay([], [], [])
    assert (
        sample("shopkit_celery_tasks_total", task=refresh_search_index.name, state="success")
        == before + 1
    )
    assert sample("shopkit_celery_task_seconds_count", task=refresh_search_index.name) == timed + 1
