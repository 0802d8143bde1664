"""The WeChat Pay package against the local API v3 server
(``tests/contrib/wechatpay_server.py``): the payments contract, the whole
purchase from the storefront's pay page to the notification, every kind of
wrong notification, replays and races, refunds and their retries."""

import time
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import segno
from django.core.exceptions import ImproperlyConfigured
from django.urls import resolve

import shopkit.contrib.wechatpay
from shopkit.contrib.wechatpay.provider import WechatPayProvider, read_ticket
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.lifecycle import cancel_order
from shopkit.orders.models import OrderStatus
from shopkit.payments.checks import check_plugin_payment_providers
from shopkit.payments.models import Payment, PaymentStatus
from shopkit.payments.registry import get_payment_providers
from shopkit.payments.services import retry_failed_refunds
from shopkit.testing import registered_plugin
from shopkit.testing.payments import PaymentProviderContract
from tests.fixtures.concurrency import together
from tests.fixtures.payments import age, refund_state

NOTIFY = "/wechatpay/notify/wechatpay"
RETURN = "/v1/pays/wechatpay/return"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


class TestWechatPayContract(PaymentProviderContract):
    provider_class = WechatPayProvider
    plugin = "shopkit.contrib.wechatpay"
    provider_name = "wechatpay"

    @pytest.fixture(autouse=True)
    def gateway(self, wechatpay_server):
        self.gateway = wechatpay_server
        # start() links to the plugin's pay page: its URLs must be served.
        with registered_plugin(shopkit.contrib.wechatpay, name="wechatpay-contract"):
            yield

    def provider_options(self):
        return self.gateway.options()

    def complete_payment(self, provider, order, pay_url):
        # The shopper opens the pay page (it opens the Native trade) and scans its code.
        match = resolve(urlsplit(pay_url).path)
        assert match.view_name == "shopkit_plugins:wechatpay:pay"
        code_url = provider.create_native(order, read_ticket(match.kwargs["token"]))
        self.gateway.scan_and_pay(code_url)

    def notification_for(self, provider, order):
        return self.gateway.notification_data(order.order_id)

    def return_params_for(self, provider, order):
        return provider.return_params(order)

    def was_refunded(self, provider, payment):
        return self.gateway.refunded(payment.order_id)


# -- through the shop -------------------------------------------------------------

# Refunds and closings are queued when the cancelling transaction commits.
transactional = pytest.mark.django_db(transaction=True)


def open_pay_page(client, order, **headers):
    """The shopper chooses WeChat Pay on the storefront's pay page and follows
    it to the plugin's page: the answer of that page."""
    client.force_login(order.user)
    chosen = client.post(f"/pay/{order.order_id}/", {"provider": "wechatpay"})
    assert chosen.status_code == 302
    target = urlsplit(chosen["Location"])
    assert resolve(target.path).view_name == "shopkit_plugins:wechatpay:pay"
    return client.get(target.path, headers=headers)


def scan_and_pay(client, gateway, order):
    page = open_pay_page(client, order)
    assert page.status_code == 200
    gateway.scan_and_pay(gateway.trades[order.order_id]["code_url"])
    return page


def post_notification(client, body, headers):
    return client.post(NOTIFY, body, content_type="application/json", headers=headers)


def assert_untouched(order):
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID and order.paid_at is None
    assert not Payment.objects.filter(order=order).exists()


@transactional
def test_a_purchase_from_the_pay_page_to_the_notification(
    wechatpay, order, client, paid_events, live_server, settings
):
    settings.SHOPKIT_PAYMENT_BASE_URL = live_server.url
    page = scan_and_pay(client, wechatpay, order)
    trade = wechatpay.trades[order.order_id]
    # The page shows the code_url WeChat gave as a QR code, drawn on the server.
    html = page.content.decode()
    expected = segno.make(trade["code_url"], error="m").svg_inline(scale=5, title="WeChat Pay")
    assert expected.split("<path", 1)[1] in html and "<svg" in html
    assert trade["trade_type"] == "NATIVE" and trade["amount"] == {
        "total": 12850,
        "currency": "CNY",
    }
    assert trade["notify_url"] == f"{live_server.url}{NOTIFY}"
    # WeChat posts the notification to the shop over HTTP.
    status, answer = wechatpay.send_notification(order.order_id)
    assert (status, answer["code"]) == (200, "SUCCESS")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.payment_provider == "wechatpay"
    payment = Payment.objects.get(order=order)
    assert payment.trade_no == wechatpay.trades[order.order_id]["transaction_id"]
    assert str(payment.amount) == "128.50" and payment.notification["trade_state"] == "SUCCESS"
    assert paid_events.paid == [(order.pk, payment.pk, OrderStatus.PAID)]
    # "I have paid" leads to the result page, paid, without paying twice.
    done = page.context["return_url"]
    landed = client.get(urlsplit(done).path + "?" + urlsplit(done).query, follow=True)
    assert "pay-result paid" in landed.content.decode()
    assert len(paid_events.paid) == 1


@transactional
def test_a_phone_browser_is_sent_to_h5_pay_and_comes_back_through_the_return(
    wechatpay, order, client, paid_events
):
    answer = open_pay_page(client, order, user_agent=PHONE, REMOTE_ADDR="203.0.113.7")
    assert answer.status_code == 302
    h5_url = answer["Location"]
    trade = wechatpay.trades[order.order_id]
    assert trade["trade_type"] == "H5" and h5_url.startswith(trade["h5_url"] + "&redirect_url=")
    assert wechatpay.open(h5_url) == 200
    wechatpay.pay(order.order_id)
    back = unquote(dict(parse_qsl(urlsplit(h5_url).query))["redirect_url"])
    assert urlsplit(back).path == RETURN
    # No notification yet: the return asks WeChat and records the payment.
    response = client.get(RETURN + "?" + urlsplit(back).query)
    assert response.status_code == 302
    assert "GET /v3/pay/transactions/out-trade-no/" + order.order_id in wechatpay.paths_called()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and len(paid_events.paid) == 1


@transactional
def test_the_trade_type_option_forces_h5_or_native(wechatpay, order, client, settings):
    options = wechatpay.options(trade_type="native")
    settings.SHOPKIT_PAYMENT_PROVIDERS = {"wechatpay": {"OPTIONS": options}}
    assert open_pay_page(client, order, user_agent=PHONE).status_code == 200
    assert wechatpay.trades[order.order_id]["trade_type"] == "NATIVE"


@transactional
def test_the_pay_page_of_a_paid_order_goes_to_the_result_and_forged_links_are_not_found(
    wechatpay, order, client
):
    pay_page = scan_and_pay(client, wechatpay, order).request["PATH_INFO"]
    assert post_notification(client, *wechatpay.notification(order.order_id)).status_code == 200
    page = client.get(pay_page)
    assert page.status_code == 302 and urlsplit(page["Location"]).path == RETURN
    assert client.get("/wechatpay/pay/forged-ticket/").status_code == 404


@transactional
def test_a_closed_trade_takes_no_money_and_the_page_says_so(wechatpay, order, client):
    open_pay_page(client, order)
    provider = get_payment_providers()["wechatpay"]
    provider.close(order)
    assert wechatpay.trades[order.order_id]["trade_state"] == "CLOSED"
    page = open_pay_page(client, order)
    assert page.status_code == 502
    assert "只有待支付的订单可以支付" in page.content.decode()
    assert provider.query(order).paid is False


@transactional
def test_cancelling_an_unpaid_order_closes_its_trade(wechatpay, order, client):
    open_pay_page(client, order)
    cancel_order(order.order_id, "shopper", shopper=True)
    assert wechatpay.trades[order.order_id]["trade_state"] == "CLOSED"
    assert not Payment.objects.filter(order=order).exists()


@transactional
def test_cancelling_a_paid_order_refunds_and_does_not_close(wechatpay, order, client):
    scan_and_pay(client, wechatpay, order)
    post_notification(client, *wechatpay.notification(order.order_id))
    calls = len(wechatpay.calls)
    cancel_order(order.order_id, "staff")
    called = wechatpay.paths_called()[calls:]
    assert called == ["POST /v3/refund/domestic/refunds"]


# -- notifications ------------------------------------------------------------------


@transactional
def test_a_verified_notification_pays_once_and_is_answered_in_wechats_form(
    wechatpay, order, client, paid_events
):
    scan_and_pay(client, wechatpay, order)
    response = post_notification(client, *wechatpay.notification(order.order_id))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "SUCCESS"
    assert Payment.objects.get(order=order).status == PaymentStatus.PAID
    assert len(paid_events.paid) == 1


def forged_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def flip(ciphertext):
    middle = len(ciphertext) // 2
    return (
        ciphertext[:middle] + ("A" if ciphertext[middle] != "A" else "B") + ciphertext[middle + 1 :]
    )


@transactional
@pytest.mark.parametrize(
    ("tamper", "status"),
    [
        pytest.param({"key": forged_key()}, 401, id="forged-signature"),
        pytest.param({"serial": "5157F09EFDC096DE15EBE81A47057A72"}, 401, id="wrong-serial"),
        pytest.param({"timestamp": int(time.time()) - 3600}, 401, id="stale-timestamp"),
        pytest.param({"overrides": {"mchid": "1900000999"}}, 401, id="wrong-mchid"),
        pytest.param({"overrides": {"appid": "wx0000000000000000"}}, 401, id="wrong-appid"),
        pytest.param({"overrides": {"amount": {"total": 1, "currency": "CNY"}}}, 400, id="amount"),
        pytest.param({"overrides": {"out_trade_no": "1234567890123456"}}, 400, id="unknown-order"),
        pytest.param({"ciphertext": flip}, 401, id="tampered-ciphertext"),
    ],
)
def test_wrong_notifications_change_nothing_and_are_answered_fail(
    wechatpay, order, client, paid_events, tamper, status
):
    scan_and_pay(client, wechatpay, order)
    response = post_notification(client, *wechatpay.notification(order.order_id, **tamper))
    assert response.status_code == status
    assert response.json()["code"] == "FAIL" and response.json()["message"]
    assert_untouched(order)
    assert paid_events.paid == []


@transactional
def test_a_body_altered_after_signing_or_unsigned_is_refused(wechatpay, order, client):
    scan_and_pay(client, wechatpay, order)
    body, headers = wechatpay.notification(order.order_id)
    assert (
        post_notification(client, body.replace("支付成功", "支付失败"), headers).status_code == 401
    )
    unsigned = {k: v for k, v in headers.items() if k != "Wechatpay-Signature"}
    assert post_notification(client, body, unsigned).status_code == 400
    assert post_notification(client, b"\xff\xfe", headers).status_code == 401
    other = {**headers, "Wechatpay-Signature-Type": "WECHATPAY2-SM2-WITH-SM3"}
    assert post_notification(client, body, other).status_code == 401
    assert client.get(NOTIFY).status_code == 405
    assert (
        client.post("/wechatpay/notify/sandbox", body, content_type="application/json").json()[
            "code"
        ]
        == "FAIL"
    )
    assert_untouched(order)


@transactional
def test_a_notification_of_an_unpaid_trade_is_acknowledged_without_paying(wechatpay, order, client):
    open_pay_page(client, order)
    response = post_notification(client, *wechatpay.notification(order.order_id))
    assert response.status_code == 200
    assert_untouched(order)


@transactional
def test_the_same_notification_eight_times_pays_once(wechatpay, order, client, paid_events):
    scan_and_pay(client, wechatpay, order)
    body, headers = wechatpay.notification(order.order_id)
    answers = [post_notification(client, body, headers).status_code for _ in range(8)]
    assert answers == [200] * 8
    assert Payment.objects.filter(order=order).count() == 1
    assert len(paid_events.paid) == 1


@transactional
def test_return_then_notification_queries_and_pays_once(wechatpay, order, client, paid_events):
    page = scan_and_pay(client, wechatpay, order)
    back = urlsplit(page.context["return_url"])
    assert client.get(back.path + "?" + back.query).status_code == 302
    assert post_notification(client, *wechatpay.notification(order.order_id)).status_code == 200
    assert Payment.objects.filter(order=order).count() == 1
    assert len(paid_events.paid) == 1


@transactional
def test_platform_certificates_are_fetched_and_decrypted_when_not_configured(
    wechatpay, order, client, settings, paid_events
):
    options = wechatpay.options(platform_certificates=[])
    settings.SHOPKIT_PAYMENT_PROVIDERS = {"wechatpay": {"OPTIONS": options}}
    calls = len(wechatpay.calls)
    scan_and_pay(client, wechatpay, order)
    assert "GET /v3/certificates" in wechatpay.paths_called()[calls:]
    assert post_notification(client, *wechatpay.notification(order.order_id)).status_code == 200
    assert len(paid_events.paid) == 1


@transactional
def test_unknown_serials_send_for_the_certificates_at_most_once_a_minute(
    wechatpay, order, client, settings
):
    options = wechatpay.options(platform_certificates=[])
    settings.SHOPKIT_PAYMENT_PROVIDERS = {"wechatpay": {"OPTIONS": options}}
    scan_and_pay(client, wechatpay, order)
    calls = len(wechatpay.calls)
    for serial in ("1A2B3C", "4D5E6F", "778899"):
        notification = wechatpay.notification(order.order_id, serial=serial)
        assert post_notification(client, *notification).status_code == 401
    assert wechatpay.paths_called()[calls:].count("GET /v3/certificates") == 0
    assert_untouched(order)


@transactional
def test_answers_not_signed_by_the_platform_are_not_believed(wechatpay, order, settings):
    from tests.contrib.wechatpay_server import LocalWechatPay

    stranger = LocalWechatPay()
    options = wechatpay.options(platform_certificates=[stranger.platform_pem])
    provider = WechatPayProvider("wechatpay", **options)
    with pytest.raises(ShopkitError) as caught:
        provider.query(order)
    assert caught.value.code == ErrorCode.PAYS_PROVIDER_UNAVAILABLE


@transactional
def test_requests_signed_with_another_merchant_key_are_refused_by_wechat(wechatpay, order):
    from tests.contrib.wechatpay_server import private_pem

    provider = WechatPayProvider(
        "wechatpay", **wechatpay.options(merchant_private_key=private_pem(forged_key()))
    )
    with pytest.raises(ShopkitError):
        provider.query(order)
    assert wechatpay.rejected[-1][1] == "signature does not verify"


# -- refunds ----------------------------------------------------------------------------


@transactional
def test_cancelling_a_paid_order_refunds_it_through_wechat(wechatpay, order, client):
    scan_and_pay(client, wechatpay, order)
    post_notification(client, *wechatpay.notification(order.order_id))
    cancel_order(order.order_id, "staff")
    assert wechatpay.refunded(order.order_id)
    [refund] = [r for r in wechatpay.refunds.values() if r["out_trade_no"] == order.order_id]
    assert refund["amount"] == {"refund": 12850, "total": 12850, "currency": "CNY"}
    payment = Payment.objects.get(order=order)
    assert (
        payment.status == PaymentStatus.REFUNDED
        and "order cancelled: staff" in payment.refund_reason
    )


@transactional
def test_a_notification_for_a_cancelled_order_is_refunded_and_never_revives_it(
    wechatpay, order, client, paid_events
):
    scan_and_pay(client, wechatpay, order)
    cancel_order(order.order_id, "timeout")
    assert post_notification(client, *wechatpay.notification(order.order_id)).status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and wechatpay.refunded(order.order_id)
    assert Payment.objects.get(order=order).status == PaymentStatus.REFUNDED
    assert paid_events.paid == []


@pytest.fixture
def refused_refund(wechatpay, order, client):
    """A paid WeChat Pay order, cancelled while WeChat refuses the refund once."""
    scan_and_pay(client, wechatpay, order)
    post_notification(client, *wechatpay.notification(order.order_id))
    wechatpay.fail_next_refunds(1)
    cancel_order(order.order_id, "staff")
    yield Payment.objects.get(order=order)
    wechatpay.fail_next_refunds(0)


@transactional
def test_a_refused_refund_is_retried_after_the_interval(wechatpay, order, refused_refund, settings):
    settings.SHOPKIT_REFUND_RETRY_INTERVAL = 600
    assert refund_state(refused_refund) == (PaymentStatus.REFUNDING, 1)
    assert not wechatpay.refunded(order.order_id)
    assert retry_failed_refunds() == []
    age(refused_refund, 601)
    assert retry_failed_refunds() == [refused_refund.pk]
    assert refund_state(refused_refund) == (PaymentStatus.REFUNDED, 2)
    assert wechatpay.refunded(order.order_id)


@transactional
def test_refund_retries_stop_after_the_last_attempt(wechatpay, order, refused_refund, settings):
    settings.SHOPKIT_REFUND_MAX_ATTEMPTS = 2
    wechatpay.fail_next_refunds(5)
    age(refused_refund, 601)
    assert retry_failed_refunds() == [refused_refund.pk]
    assert refund_state(refused_refund) == (PaymentStatus.REFUNDING, 2)
    age(refused_refund, 601)
    assert retry_failed_refunds() == []
    assert not wechatpay.refunded(order.order_id)


# -- at the same moment, on PostgreSQL where row locks are real ------------------------


@transactional
@pytest.mark.services("postgres")
def test_ten_concurrent_identical_notifications_pay_once(wechatpay, order, client, paid_events):
    scan_and_pay(client, wechatpay, order)
    body, headers = wechatpay.notification(order.order_id)
    deliver = lambda shop: post_notification(shop, body, headers).status_code  # noqa: E731
    assert together(*[deliver] * 10) == [200] * 10
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.filter(order=order).count() == 1
    assert [event[0] for event in paid_events.paid] == [order.pk]


@transactional
@pytest.mark.services("postgres")
def test_a_notification_racing_the_active_query_pays_once(wechatpay, order, client, paid_events):
    page = scan_and_pay(client, wechatpay, order)
    body, headers = wechatpay.notification(order.order_id)
    back = urlsplit(page.context["return_url"])
    answers = together(
        lambda shop: post_notification(shop, body, headers).status_code,
        lambda shop: shop.get(back.path + "?" + back.query).status_code,
    )
    assert answers == [200, 302]
    assert Payment.objects.filter(order=order).count() == 1
    assert [event[0] for event in paid_events.paid] == [order.pk]


# -- configuration ------------------------------------------------------------------------


def test_the_package_provides_wechatpay_from_its_entry(wechatpay):
    provider = get_payment_providers()["wechatpay"]
    assert isinstance(provider, WechatPayProvider) and provider.mchid == wechatpay.mchid
    assert "sandbox" in get_payment_providers()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"mchid": ""}, r"needs 'mchid' in SHOPKIT_PAYMENT_PROVIDERS\['wechatpay'\]\['OPTIONS'\]"),
        ({"merchant_private_key": "not a key"}, r"\['merchant_private_key'\] cannot be used"),
        ({"api_v3_key": "short"}, r"\['api_v3_key'\] must be the 32-character API v3 key"),
        ({"platform_certificates": ["nope"]}, r"\['platform_certificates'\] cannot be used"),
        ({"trade_type": "jsapi"}, r"\['trade_type'\] must be one of"),
        ({"notify_url": "/relative"}, r"\['notify_url'\] must be an absolute http\(s\) URL"),
        ({"timeout": 0}, r"\['timeout'\] must be a positive number of seconds"),
        ({"MCHID": "1"}, r"unknown options for WechatPayProvider: \['MCHID'\]"),
    ],
)
def test_wrong_options_name_setting_and_key(
    settings, shopkit_plugin, wechatpay_server, override, message
):
    settings.SHOPKIT_PAYMENT_PROVIDERS = {
        "wechatpay": {"OPTIONS": wechatpay_server.options(**override)}
    }
    shopkit_plugin(shopkit.contrib.wechatpay, name="shopkit.contrib.wechatpay")
    with pytest.raises(ImproperlyConfigured, match=message):
        get_payment_providers()


def test_the_entry_without_the_plugin_is_a_check_error(settings, wechatpay_server):
    settings.SHOPKIT_PAYMENT_PROVIDERS = {"wechatpay": {"OPTIONS": wechatpay_server.options()}}
    assert get_payment_providers() == {}
    [error] = check_plugin_payment_providers()
    assert error.id == "shopkit.E014" and '"shopkit.contrib.wechatpay"' in error.hint


@pytest.mark.parametrize(
    ("agent", "h5"),
    [(PHONE, True), ("Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0", False),
     (PHONE + " MicroMessenger/8.0.50", False)],
)  # fmt: skip
def test_auto_trade_type_follows_the_browser(wechatpay_server, agent, h5):
    assert WechatPayProvider("wechatpay", **wechatpay_server.options()).wants_h5(agent) is h5


# -- in a real browser ----------------------------------------------------------------------


@pytest.mark.browser
@transactional
def test_a_shopper_sees_the_qr_code_and_lands_on_the_paid_result(
    wechatpay, live_server, buyer, paid_events
):
    from tests.fixtures.browser import chromium_page, screenshot, sign_in_to_pay
    from tests.fixtures.orders import make_order

    order = make_order(buyer, "58.80")
    with chromium_page(live_server.url) as page:
        sign_in_to_pay(page, order.order_id)
        page.locator("input[value=wechatpay]").check()
        page.locator(".pay-form button[type=submit]").click()
        page.wait_for_url("**/wechatpay/pay/**")
        qr = page.locator("figure.wechatpay-qr svg")
        assert qr.is_visible() and qr.bounding_box()["width"] >= 150
        # The code drawn is the code_url WeChat gave for this order.
        code_url = wechatpay.trades[order.order_id]["code_url"]
        drawn = segno.make(code_url, error="m").svg_inline(scale=5)
        assert f'd="{qr.locator("path").get_attribute("d")}"' in drawn
        assert page.locator(".amount").inner_text() == "¥58.80"
        screenshot(page, "wechatpay-01-qr")

        wechatpay.scan_and_pay(code_url)
        assert wechatpay.send_notification(order.order_id)[0] == 200
        page.locator("a.wechatpay-done").click()
        page.wait_for_url("**/pay/result/?**")
        assert page.locator("h1.pay-result.paid").inner_text() == "支付成功"
        screenshot(page, "wechatpay-02-paid")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and len(paid_events.paid) == 1
