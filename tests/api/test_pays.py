"""``/v1/pays/…`` as API.md §6: the providers list and starting a payment."""

from urllib.parse import urlsplit

import pytest

from shopkit.core.tokens import issue_token
from shopkit.orders.models import OrderStatus
from tests.fixtures.orders import make_order


def pay(client, order_id, token, body=None):
    return client.post(
        f"/v1/pays/{order_id}",
        body if body is not None else {},
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
    ).json()


@pytest.fixture
def token(buyer):
    return issue_token(buyer)


def test_owner_gets_a_pay_url_of_the_default_provider(client, order, token):
    body = pay(client, order.order_id, token)
    assert body["code"] == 200
    url = urlsplit(body["data"]["pay_url"])
    assert url.scheme == "http" and url.path.startswith("/pay/sandbox/")


def test_provider_can_be_chosen_and_base_url_setting_is_used(client, order, token, settings):
    settings.SHOPKIT_PAYMENT_BASE_URL = "https://shop.example.com"
    body = pay(client, order.order_id, token, {"provider": "sandbox"})
    assert body["data"]["pay_url"].startswith("https://shop.example.com/pay/sandbox/")


def test_paying_needs_a_token(client, order):
    body = client.post(f"/v1/pays/{order.order_id}", {}, content_type="application/json").json()
    assert body["code"] == 403


@pytest.mark.parametrize(
    "order_id, body, code",
    [
        ("abc", {}, 10500),
        ("12345678901234567", {}, 10500),
        (None, {"provider": 12}, 10500),
        (None, {"provider": "x" * 31}, 10500),
        (None, {"provider": ""}, 10500),
        (None, {"provider": "nope"}, 10502),
        ("1234", {}, 10503),
    ],
)
def test_bad_requests_get_the_pays_codes(client, order, token, order_id, body, code):
    answer = pay(client, order_id or order.order_id, token, body)
    assert answer["code"] == code and answer["error"]
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID


def test_someone_elses_order_is_not_found(client, order, stranger):
    assert pay(client, order.order_id, issue_token(stranger))["code"] == 10503


def test_paid_and_cancelled_orders_are_not_payable(client, buyer, token):
    for status in (OrderStatus.PAID, OrderStatus.CANCELLED):
        order = make_order(buyer)
        order.status = status
        order.save()
        assert pay(client, order.order_id, token)["code"] == 10504


def test_malformed_body_is_a_bad_parameter(client, order, token):
    answer = client.post(
        f"/v1/pays/{order.order_id}",
        "[1]",
        content_type="application/json",
        HTTP_AUTHORIZATION=token,
    ).json()
    assert answer["code"] == 10500


def test_providers_list_includes_the_demo_sandbox(client, db):
    assert client.get("/v1/pays/providers").json()["data"] == [
        {"name": "sandbox", "title": "沙箱支付"}
    ]
