"""Plugins add surface: pages, API routes, templates, slots, admin menu items,
beat entries and system checks, with no shopkit edit and no host setting.

The proof is TestPay (``tests/fixtures/plugins/shopkit_testpay/``), a
third-party payment provider with its own pay page, return view and notify
endpoint, installed from its ``pyproject.toml`` as an out-of-tree
distribution that shopkit finds by its entry point. Its surface needs no
host setting; its provider, like every provider package's, is configured
under its name. A shopper pays an order with it through shopkit's pages; its
notifications are verified by its signature and recorded by shopkit's
payment services, and a refund reaches its ledger. Its provider passes the
payments contract kit in ``tests/test_testpay_contract.py``. Smaller
plugins, registered for one test, show that the surface follows the plugins
at runtime.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from celery import current_app
from django.core.checks import run_checks
from django.http import HttpResponse
from django.template import Context, Template, TemplateDoesNotExist
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, resolve, reverse
from django.utils.html import format_html
from ninja import Router, Schema
from wagtail.admin.viewsets.base import ViewSet

from shopkit import hookimpl, plugins
from shopkit.core.money import money_text
from shopkit.core.seams import SeamNotConfigured
from shopkit.core.wagtail_hooks import register_plugin_viewsets
from shopkit.orders.lifecycle import cancel_order
from shopkit.orders.models import Order, OrderStatus
from shopkit.payments.models import Payment, PaymentStatus
from shopkit.payments.registry import default_provider_name, get_payment_providers
from shopkit.payments.services import get_provider
from shopkit.testing import registered_plugin
from tests.fixtures.browser import chromium_page, screenshot, sign_in_to_pay
from tests.fixtures.distributions import installed_project
from tests.fixtures.orders import make_order

TESTPAY_PROJECT = Path(__file__).parent / "fixtures" / "plugins" / "shopkit_testpay"
#: TestPay's published sandbox key (``shopkit_testpay.gateway.SANDBOX_SECRET``).
TESTPAY_SANDBOX_SECRET = "testpay-published-sandbox-key"


@pytest.fixture
def testpay_installed(tmp_path, monkeypatch):
    """shopkit with TestPay loaded from its entry point, as a host that
    ``pip install``ed it gets it (autoload on); rebuilt without it afterwards."""
    monkeypatch.delenv(plugins.DISABLE_AUTOLOAD_ENV, raising=False)
    with installed_project(tmp_path, TESTPAY_PROJECT) as module:
        with override_settings(SHOPKIT_PLUGIN_AUTOLOAD=True):
            assert plugins.rebuild().get_plugin("testpay") is module
            yield module
        assert not plugins.rebuild().has_plugin("testpay")


@pytest.fixture
def testpay(testpay_installed, settings):
    """TestPay installed and configured as its package says: under its name,
    with only its options, beside the host's sandbox (listed first, so the default)."""
    settings.SHOPKIT_PAYMENT_PROVIDERS = {
        "sandbox": {"BACKEND": "shopkit.payments.providers.sandbox.SandboxPaymentProvider"},
        "testpay": {"OPTIONS": {"secret": TESTPAY_SANDBOX_SECRET}},
    }
    settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER = None
    return testpay_installed


def place_with_testpay(shopper, address, sku, count=2):
    """Settle a buy-now line with TestPay; the order and the pay page's URL."""
    response = shopper.post(
        "/orders/settlement/",
        {"address": address.pk, "provider": "testpay", "sku_id": sku.pk, "count": count},
    )
    assert response.status_code == 302
    return Order.objects.get(user=address.user), response["Location"]


def post_notification(client, body, signature):
    return client.post(
        "/v1/testpay/notify",
        body,
        content_type="application/json",
        HTTP_X_TESTPAY_SIGNATURE=signature,
    )


# --- TestPay, end to end ---------------------------------------------------------


def test_testpay_is_loaded_from_its_distributions_entry_point(testpay):
    manager = plugins.get_plugin_manager()
    dists = {dist.project_name for plugin, dist in manager.list_plugin_distinfo()}
    assert "shopkit-testpay" in dists
    assert manager.get_name(testpay) == "testpay"


@pytest.mark.django_db(transaction=True)  # shopkit_order_paid fires after commit
def test_shopper_pays_on_testpays_own_pages_and_lands_on_shopkits_result(
    testpay, shopper, buyer_address, berry, paid_events
):
    settlement = shopper.get("/orders/settlement/", {"sku_id": berry.pk, "count": 2})
    assert 'value="testpay"' in settlement.content.decode()
    order, pay_page = place_with_testpay(shopper, buyer_address, berry)
    assert urlsplit(pay_page).path.startswith("/testpay/pay/")

    page = shopper.get(pay_page).content.decode()
    assert "page-testpay" in page  # the plugin's template, extending shopkit's base
    assert order.order_id in page and money_text(order.total_amount) in page

    back = shopper.post(pay_page)
    assert urlsplit(back["Location"]).path == reverse("shopkit_plugins:testpay:return")

    # TestPay's server notifies: forged and wrongly signed messages change nothing.
    body, signature = testpay.gateway.notification_for(TESTPAY_SANDBOX_SECRET, order.order_id)
    forged = json.dumps({**json.loads(body), "amount": "0.01"}).encode()
    assert post_notification(shopper, forged, signature).json() == {"accepted": False}
    assert post_notification(shopper, body, "0" * 64).json() == {"accepted": False}
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID and paid_events.paid == []

    assert post_notification(shopper, body, signature).json() == {"accepted": True}
    assert post_notification(shopper, body, signature).json() == {"accepted": True}  # a replay
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.filter(order=order, provider="testpay").count() == 1
    assert len(paid_events.paid) == 1

    result = shopper.get(back["Location"], follow=True)
    assert result.redirect_chain[-1][0].startswith("/pay/result/?testpay=")
    html = result.content.decode()
    assert "pay-result paid" in html and order.order_id in html


@pytest.mark.django_db
def test_installed_but_not_configured_testpay_supplies_no_provider(
    testpay_installed, shopper, berry
):
    assert "testpay" not in get_payment_providers()
    settlement = shopper.get("/orders/settlement/", {"sku_id": berry.pk, "count": 1})
    assert 'value="testpay"' not in settlement.content.decode()
    assert shopper.get("/testpay/pay/any-ticket/").status_code == 404
    assert testpay_installed.tasks.reconcile.delay().get() == []


def test_configured_testpay_is_offered_and_the_hosts_default_stays(testpay):
    assert list(get_payment_providers()) == ["testpay", "sandbox"]
    assert default_provider_name() == "sandbox"


@pytest.mark.django_db(transaction=True)  # refunds are queued after commit
def test_cancelling_an_order_paid_with_testpay_refunds_it_at_testpay(
    testpay, shopper, buyer_address, berry
):
    order, pay_page = place_with_testpay(shopper, buyer_address, berry)
    shopper.post(pay_page)
    body, signature = testpay.gateway.notification_for(TESTPAY_SANDBOX_SECRET, order.order_id)
    assert post_notification(shopper, body, signature).json() == {"accepted": True}

    cancel_order(order.order_id, "staff")
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.REFUNDED
    assert testpay.gateway.refund_of(order.order_id)["amount"] == money_text(payment.amount)
    assert not get_provider("testpay").query(order).paid


@pytest.mark.django_db(transaction=True)  # shopkit_order_paid fires after commit
def test_return_before_the_notification_asks_testpay_and_records_the_payment(
    testpay, shopper, buyer_address, berry, paid_events
):
    order, pay_page = place_with_testpay(shopper, buyer_address, berry, count=1)
    back = shopper.post(pay_page)
    html = shopper.get(back["Location"], follow=True).content.decode()
    assert "pay-result paid" in html
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and len(paid_events.paid) == 1


@pytest.mark.django_db
def test_forged_pay_page_and_return_links_are_not_found(testpay, shopper, buyer_address, berry):
    order, pay_page = place_with_testpay(shopper, buyer_address, berry)
    assert shopper.get(pay_page.rstrip("/")[:-2] + "xx/").status_code == 404
    assert shopper.get("/testpay/return/", {"testpay": "forged"}).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID


@pytest.mark.django_db(transaction=True)  # shopkit_order_paid fires after commit
def test_beat_task_records_a_payment_whose_notification_never_came(
    testpay, shopper, buyer_address, berry, paid_events
):
    order, pay_page = place_with_testpay(shopper, buyer_address, berry)
    shopper.post(pay_page)  # paid at TestPay; the shopper closed the tab

    entry = current_app.conf.beat_schedule["testpay-reconcile"]
    assert current_app.tasks[entry["task"]].delay().get() == [order.order_id]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and len(paid_events.paid) == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_shopper_walks_testpays_pay_page_in_a_browser(testpay, live_server, buyer, paid_events):
    order = make_order(buyer, "58.80")
    with chromium_page(live_server.url) as page:
        sign_in_to_pay(page, order.order_id)
        page.locator("input[value=testpay]").check()
        page.locator(".pay-form button[type=submit]").click()

        page.wait_for_url("**/testpay/pay/**")
        assert page.locator(".testpay-cashier .amount").inner_text() == "¥58.80"
        screenshot(page, "testpay-01-pay-page")
        page.locator("button.testpay-pay").click()

        page.wait_for_url("**/pay/result/?**")
        assert page.locator("h1.pay-result.paid").inner_text() == "支付成功"
        assert page.locator(".order-id").inner_text() == order.order_id
        screenshot(page, "testpay-02-result")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.get(order=order).provider == "testpay"
    assert len(paid_events.paid) == 1


@pytest.mark.django_db
def test_notify_endpoint_answers_envelopes_and_is_in_the_openapi_schema(testpay, client):
    answer = post_notification(client, b'{"order_id": "1"}', "0" * 64).json()
    assert answer["code"] != 200 and "amount" in answer["error"]
    schema = client.get("/v1/openapi.json").json()
    operation = schema["paths"]["/v1/testpay/notify"]["post"]
    assert operation["tags"] == ["testpay"]
    assert "ErrorEnvelope" in json.dumps(operation["responses"])


@pytest.mark.django_db
def test_offer_slot_is_on_the_detail_page(testpay, client, berry):
    html = client.get(f"/goods/{berry.pk}").content.decode()
    assert f'<p class="testpay-offer" data-sku="{berry.pk}">' in html


@pytest.mark.django_db
def test_admin_menu_has_testpays_item(testpay, admin_client):
    html = admin_client.get("/cms/").content.decode()
    assert testpay.MERCHANT_DASHBOARD in html


def test_beat_schedule_holds_testpays_entry_beside_the_hosts(testpay):
    schedule = current_app.conf.beat_schedule
    assert schedule["testpay-reconcile"]["task"] == "shopkit_testpay.tasks.reconcile"
    assert "shopkit-cancel-expired-orders" in schedule  # shopkit's own entries stay


def test_system_check_warns_about_the_sandbox_key_unless_debug(testpay, settings):
    settings.DEBUG = False
    assert "shopkit_testpay.W001" in {message.id for message in run_checks()}
    settings.DEBUG = True
    assert "shopkit_testpay.W001" not in {message.id for message in run_checks()}


@pytest.mark.django_db
def test_unloading_testpay_takes_its_pages_api_and_beat_entry_away(testpay, client):
    assert resolve("/testpay/return/").view_name == "shopkit_plugins:testpay:return"
    assert "/v1/testpay/notify" in client.get("/v1/openapi.json").json()["paths"]
    with override_settings(SHOPKIT_PLUGIN_AUTOLOAD=False):
        plugins.rebuild()
        assert resolve("/testpay/return/").view_name != "shopkit_plugins:testpay:return"
        with pytest.raises(NoReverseMatch):
            reverse("shopkit_plugins:testpay:return")
        assert "/v1/testpay/notify" not in client.get("/v1/openapi.json").json()["paths"]
        assert "testpay-reconcile" not in current_app.conf.beat_schedule


# --- the surface follows plugins registered at runtime --------------------------


def hello(request, name):
    return HttpResponse(f"hello {name}")


hello_router = Router()


class Greeting(Schema):
    greeting: str


@hello_router.get("/hello", response=Greeting)
def hello_api(request, name: str):
    return {"greeting": f"hello {name}"}


class HelloPlugin:
    @hookimpl
    def shopkit_storefront_urls(self):
        return [path("hello/", include(([path("<str:name>/", hello, name="hello")], "hello")))]

    @hookimpl
    def shopkit_api_routers(self):
        return [("/hello", hello_router)]


@pytest.mark.django_db
def test_routes_come_and_go_with_a_plugin_registered_at_runtime(client):
    assert client.get("/v1/hello/hello", {"name": "x"}).json()["code"] == 404
    with registered_plugin(HelloPlugin(), name="hello"):
        assert reverse("shopkit_plugins:hello:hello", args=["ann"]) == "/hello/ann/"
        assert client.get("/hello/ann/").content == b"hello ann"
        assert client.get("/v1/hello/hello", {"name": "ann"}).json() == {"greeting": "hello ann"}
        # ninja's validation error, as every API operation answers it: an envelope.
        assert client.get("/v1/hello/hello").json()["code"] != 200
    with pytest.raises(NoReverseMatch):
        reverse("shopkit_plugins:hello:hello", args=["ann"])
    assert client.get("/v1/hello/hello", {"name": "x"}).json()["code"] == 404


class TemplatesPlugin:
    def __init__(self, folder):
        self.folder = folder

    @hookimpl
    def shopkit_template_dirs(self):
        return [self.folder]


def test_plugin_templates_load_while_registered_and_the_host_overrides_them(tmp_path, settings):
    plugin_dir, host_dir = tmp_path / "plugin", tmp_path / "host"
    for folder, text in ((plugin_dir, "the plugin's"), (host_dir, "the host's")):
        (folder / "greeting").mkdir(parents=True)
        (folder / "greeting" / "hello.html").write_text(text)
    with pytest.raises(TemplateDoesNotExist):
        render_to_string("greeting/hello.html")  # remembered as missing by the cached loader
    with registered_plugin(TemplatesPlugin(plugin_dir), name="templates"):
        assert render_to_string("greeting/hello.html") == "the plugin's"
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [host_dir]}]
        assert render_to_string("greeting/hello.html") == "the host's"
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]
    with pytest.raises(TemplateDoesNotExist):
        render_to_string("greeting/hello.html")


class SlotRecorder:
    """Answers every slot with its name and whether it was given a request."""

    def __init__(self, mark):
        self.mark = mark

    @hookimpl
    def shopkit_template_slot(self, slot, context, request):
        asker = "nobody" if request is None else request.user.get_username()
        return format_html('<i class="slot">{} {} for {}</i>', self.mark, slot, asker)


@pytest.mark.django_db
def test_slots_on_every_main_page_and_only_the_cached_detail_page_has_no_request(
    shopkit_plugin, shopper, berry, buyer_address, order
):
    shopkit_plugin(SlotRecorder("A"), name="slots")
    pages = {
        f"/goods/{berry.pk}": "A detail.below_price for nobody",
        "/cart/": "A cart.below_lines for buyer",
        f"/orders/settlement/?sku_id={berry.pk}&count=1": "A settlement.below_payment for buyer",
        "/orders/": "A orders.order_footer for buyer",
    }
    for url, slot in pages.items():
        assert slot in shopper.get(url).content.decode(), url


@pytest.mark.django_db
def test_a_cached_detail_page_shows_the_slots_of_the_plugins_of_now(shopkit_plugin, client, berry):
    with registered_plugin(SlotRecorder("A"), name="slots"):
        assert "A detail.below_price" in client.get(f"/goods/{berry.pk}").content.decode()
        assert "A detail.below_price" in client.get(f"/goods/{berry.pk}").content.decode()
    assert 'class="slot"' not in client.get(f"/goods/{berry.pk}").content.decode()
    shopkit_plugin(SlotRecorder("B"), name="other-slots")
    assert "B detail.below_price" in client.get(f"/goods/{berry.pk}").content.decode()


def test_a_slot_answer_that_is_not_marked_safe_is_escaped(shopkit_plugin):
    class Shouting:
        @hookimpl
        def shopkit_template_slot(self, slot):
            return "<b>buy</b>"

    shopkit_plugin(Shouting(), name="shouting")
    html = Template('{% load shopkit_tags %}{% shopkit_slot "any" %}').render(Context())
    assert html == "&lt;b&gt;buy&lt;/b&gt;"


def test_viewsets_of_plugins_reach_wagtails_registration_hook(shopkit_plugin):
    viewset = ViewSet(name="hello-admin")

    class AdminPlugin:
        @hookimpl
        def shopkit_admin_viewsets(self):
            return [viewset]

    shopkit_plugin(AdminPlugin(), name="admin")
    assert register_plugin_viewsets() == [viewset]


def test_a_wrong_answer_names_the_hook_and_what_belongs(shopkit_plugin):
    class Wrong:
        @hookimpl
        def shopkit_storefront_urls(self):
            return "hello/"

    shopkit_plugin(Wrong(), name="wrong")
    with pytest.raises(SeamNotConfigured, match=r"shopkit_storefront_urls\(\) returned 'hello/'"):
        reverse("shopkit_plugins:anything")


@pytest.fixture
def hosts_beat_entry():
    """An entry in the host's own schedule (its ``CELERY_BEAT_SCHEDULE``), removed afterwards."""
    schedule = current_app.conf.beat_schedule
    schedule["shopkit-relay-outbox"] = {"task": "shopkit.core.tasks.relay_outbox", "schedule": 5.0}
    yield
    del schedule["shopkit-relay-outbox"]


def test_the_hosts_beat_entry_wins_over_a_plugins_of_the_same_name(
    shopkit_plugin, hosts_beat_entry
):
    class Beat:
        @hookimpl
        def shopkit_beat_schedule(self):
            return {
                "shopkit-relay-outbox": {"task": "beat.tasks.other", "schedule": 1.0},
                "beat-sweep": {"task": "beat.tasks.sweep", "schedule": 1.0},
            }

    shopkit_plugin(Beat(), name="beat")
    schedule = current_app.conf.beat_schedule
    assert schedule["shopkit-relay-outbox"] == {
        "task": "shopkit.core.tasks.relay_outbox",
        "schedule": 5.0,
    }
    assert schedule["beat-sweep"]["task"] == "beat.tasks.sweep"


def test_a_plugin_entry_replaces_shopkits_own_of_the_same_name(shopkit_plugin):
    class Slower:
        @hookimpl
        def shopkit_beat_schedule(self):
            return {"shopkit-render-static-index": {"task": "x.render", "schedule": 3600.0}}

    shopkit_plugin(Slower(), name="slower")
    schedule = current_app.conf.beat_schedule
    assert schedule["shopkit-render-static-index"]["task"] == "x.render"
    assert schedule["shopkit-cancel-expired-orders"]["schedule"] == 60.0


def test_shopkits_periodic_work_is_on_every_projects_schedule():
    tasks = {entry["task"] for entry in current_app.conf.beat_schedule.values()}
    assert {
        "shopkit.orders.tasks.cancel_expired_orders",
        "shopkit.payments.tasks.retry_failed_refunds",
        "shopkit.core.tasks.relay_outbox",
        "shopkit.content.tasks.render_static_index",
    } <= tasks
