"""``/v1/pays/<provider>/notify`` and ``…/return`` (API.md §6): the payment
callbacks, with the sandbox and with Alipay end to end against the local
gateway (notifications, returns, queries, refunds of late notifications),
the database and events checked after each; and identical notifications
arriving at the same moment, each on its own connection, on PostgreSQL."""

from urllib.parse import urlencode, urlsplit

import pytest

from shopkit.api.callbacks import callback_urls
from shopkit.orders.lifecycle import cancel_order
from shopkit.orders.models import OrderStatus
from shopkit.payments.models import Payment, PaymentStatus
from shopkit.payments.services import pay_url_for
from tests.fixtures.concurrency import together
from tests.fixtures.payments import (
    ALIPAY_NOTIFY,
    ALIPAY_RETURN,
    alipay_pay_url,
    open_and_pay,
    post_notify,
)

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8


def assert_untouched(order):
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID and order.paid_at is None
    assert not Payment.objects.filter(order=order).exists()


def test_pay_url_is_a_gateway_url_the_gateway_accepts(alipay, order, rf, settings):
    settings.SHOPKIT_PAYMENT_BASE_URL = "http://shop.test/"
    url = pay_url_for(order, callback_urls(rf.get("/")), "alipay")
    assert url.startswith(alipay.url + "?")
    assert alipay.open(url) == 200
    trade = alipay.trades[order.order_id]
    assert trade["total_amount"] == "128.50"
    assert trade["notify_url"] == "http://shop.test/v1/pays/alipay/notify"
    assert trade["return_url"] == "http://shop.test/v1/pays/alipay/return"


def test_verified_notification_pays_the_order_once_and_answers_success(
    alipay, order, client, paid_events, rf
):
    open_and_pay(alipay, order, rf)
    response = post_notify(client, alipay.notification(order.order_id))
    assert response.content == b"success"
    assert response["Content-Type"].startswith("text/plain")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.payment_provider == "alipay"
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.PAID and str(payment.amount) == "128.50"
    assert payment.trade_no == alipay.trades[order.order_id]["trade_no"]
    assert payment.notification["trade_status"] == "TRADE_SUCCESS"
    assert paid_events.paid == [(order.pk, payment.pk, OrderStatus.PAID)]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda g, p: {**p, "sign": p["sign"][:-4] + "AAA="}, id="forged-signature"),
        pytest.param(lambda g, p: {**p, "total_amount": "0.01"}, id="altered-after-signing"),
        pytest.param(lambda g, p: g.signed({**p, "app_id": "2021999999999999"}), id="wrong-app-id"),
        pytest.param(
            lambda g, p: g.signed({**p, "seller_id": "2088999999999999"}), id="wrong-seller"
        ),
        pytest.param(lambda g, p: g.signed({**p, "total_amount": "0.01"}), id="amount-mismatch"),
        pytest.param(
            lambda g, p: g.signed({**p, "out_trade_no": "1234567890"}), id="unknown-order"
        ),
    ],
)
def test_rejected_notifications_change_nothing(alipay, order, client, paid_events, rf, tamper):
    open_and_pay(alipay, order, rf)
    params = dict(alipay.notification(order.order_id))
    response = post_notify(client, tamper(alipay, params))
    assert response.content == b"failure"
    assert_untouched(order)
    assert paid_events.paid == []


def test_unsigned_or_malformed_notification_is_a_failure(alipay, order, client, rf):
    open_and_pay(alipay, order, rf)
    params = alipay.notification(order.order_id)
    unsigned = {k: v for k, v in params.items() if k != "sign"}
    assert post_notify(client, unsigned).content == b"failure"
    repeated = urlencode(params) + "&trade_status=TRADE_SUCCESS"
    response = client.post(
        ALIPAY_NOTIFY, repeated, content_type="application/x-www-form-urlencoded"
    )
    assert response.content == b"failure"
    assert client.post(ALIPAY_NOTIFY, b"\xff\xfe", content_type="text/plain").content == b"failure"
    assert_untouched(order)


def test_notification_of_an_unpaid_trade_is_acknowledged_without_paying(alipay, order, client, rf):
    alipay.open(alipay_pay_url(order, rf))
    response = post_notify(client, alipay.notification(order.order_id))
    assert alipay.trades[order.order_id]["trade_status"] == "WAIT_BUYER_PAY"
    assert response.content == b"success"
    assert_untouched(order)


def test_the_same_notification_eight_times_pays_once(alipay, order, client, paid_events, rf):
    open_and_pay(alipay, order, rf)
    params = alipay.notification(order.order_id)
    answers = [post_notify(client, params).content for _ in range(8)]
    assert answers == [b"success"] * 8
    assert Payment.objects.filter(order=order).count() == 1
    assert len(paid_events.paid) == 1


def test_notify_then_return_ends_paid_once_without_querying(alipay, order, client, paid_events, rf):
    open_and_pay(alipay, order, rf)
    post_notify(client, alipay.notification(order.order_id))
    calls_before = len(alipay.calls)
    response = client.get(ALIPAY_RETURN + "?" + urlencode(alipay.return_params(order.order_id)))
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == "/pay/result/"
    assert "alipay.trade.query" not in alipay.methods_called()[calls_before:]
    page = client.get(response["Location"]).content.decode()
    assert order.order_id in page and "128.50" in page
    assert len(paid_events.paid) == 1


def test_return_then_notify_queries_the_gateway_and_pays_once(
    alipay, order, client, paid_events, rf
):
    open_and_pay(alipay, order, rf)
    response = client.get(ALIPAY_RETURN + "?" + urlencode(alipay.return_params(order.order_id)))
    assert response.status_code == 302
    assert "alipay.trade.query" in alipay.methods_called()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert post_notify(client, alipay.notification(order.order_id)).content == b"success"
    assert Payment.objects.filter(order=order).count() == 1
    assert len(paid_events.paid) == 1


def test_return_before_paying_leaves_the_order_unpaid(alipay, order, client, rf):
    alipay.open(alipay_pay_url(order, rf))
    response = client.get(ALIPAY_RETURN + "?" + urlencode(alipay.return_params(order.order_id)))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "pay-result not-confirmed" in page
    assert_untouched(order)


def test_forged_return_is_an_envelope_error(alipay, order, client, rf):
    open_and_pay(alipay, order, rf)
    params = {**alipay.return_params(order.order_id), "total_amount": "1.00"}
    body = client.get(ALIPAY_RETURN + "?" + urlencode(params)).json()
    assert body["code"] == 10505
    assert_untouched(order)


def test_return_goes_to_the_configured_front_end_page(alipay, order, client, rf, settings):
    settings.SHOPKIT_FRONTEND_URL = {"pay_result": "http://front.test/pay_success.html?{query}"}
    open_and_pay(alipay, order, rf)
    query = urlencode(alipay.return_params(order.order_id))
    response = client.get(ALIPAY_RETURN + "?" + query)
    assert response["Location"] == "http://front.test/pay_success.html?" + query


def test_notification_for_a_cancelled_order_is_refunded_and_never_revives_it(
    alipay, order, client, paid_events, rf
):
    open_and_pay(alipay, order, rf)
    cancel_order(order.order_id, "timeout")
    assert post_notify(client, alipay.notification(order.order_id)).content == b"success"
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert "alipay.trade.refund" in alipay.methods_called()
    assert alipay.refunded(order.order_id)
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_at is not None
    assert paid_events.paid == []
    # The gateway serves the whole session: count this order's refunds from here.
    refunds = alipay.methods_called().count("alipay.trade.refund")
    post_notify(client, alipay.notification(order.order_id))
    assert alipay.methods_called().count("alipay.trade.refund") == refunds


# -- the sandbox --------------------------------------------------------------


def test_notify_for_an_unknown_provider_is_an_envelope_error(client, db):
    assert (
        client.post("/v1/pays/nope/notify", "a=1", content_type="text/plain").json()["code"]
        == 10502
    )


def test_notify_and_return_only_take_their_method(client, db):
    assert client.get("/v1/pays/sandbox/notify").json()["code"] == 405
    assert client.post("/v1/pays/sandbox/return").json()["code"] == 405


def test_sandbox_notify_forged_payload_is_a_failure(client, order):
    response = client.post(
        "/v1/pays/sandbox/notify",
        urlencode({"payload": "forged:payload"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.content == b"failure"


@pytest.mark.parametrize("query", ["", "sandbox=forged", "sandbox=1&sandbox=2", "%ff%fe=1"])
def test_return_with_bad_params_is_an_envelope_error(client, db, query):
    body = client.get("/v1/pays/sandbox/return?" + query).json()
    assert body["code"] in {10500, 10505}


# -- at the same moment, on PostgreSQL where row locks are real -----------------


def notify_together(params, workers=WORKERS):
    body = urlencode(params)

    def deliver(shop):
        return shop.post(
            ALIPAY_NOTIFY, body, content_type="application/x-www-form-urlencoded"
        ).content

    return together(*[deliver] * workers)


@pytest.mark.services("postgres")
def test_eight_concurrent_identical_notifications_pay_once(alipay, order, paid_events, rf):
    assert alipay.open(alipay_pay_url(order, rf)) == 200
    alipay.pay(order.order_id)
    answers = notify_together(alipay.notification(order.order_id))
    assert answers == [b"success"] * WORKERS
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.filter(order=order).count() == 1
    assert [event[0] for event in paid_events.paid] == [order.pk]


@pytest.mark.services("postgres")
def test_concurrent_notifications_racing_a_cancellation_never_revive_the_order(
    alipay, order, paid_events, rf
):
    alipay.open(alipay_pay_url(order, rf))
    alipay.pay(order.order_id)
    cancel_order(order.order_id, "timeout")
    answers = notify_together(alipay.notification(order.order_id))
    assert answers == [b"success"] * WORKERS
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert alipay.refunded(order.order_id)
    assert alipay.methods_called().count("alipay.trade.refund") >= 1
    assert Payment.objects.filter(order=order).count() == 1
    assert paid_events.paid == []
