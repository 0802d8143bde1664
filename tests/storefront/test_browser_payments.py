"""A shopper pays an order on the sandbox in a real Chromium: log in → pay
page → sandbox page → Pay → result page, and the order is paid once."""

import pytest

from shopkit.orders.models import OrderStatus
from shopkit.payments.models import Payment
from tests.fixtures.browser import chromium_page, screenshot, sign_in_to_pay
from tests.fixtures.orders import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_pays_an_order_with_the_sandbox(live_server, buyer, paid_events):
    order = make_order(buyer, "58.80")
    with chromium_page(live_server.url) as page:
        sign_in_to_pay(page, order.order_id)
        assert page.locator(".order-id").inner_text() == order.order_id
        assert page.locator("input[value=sandbox]").is_checked()
        screenshot(page, "pay-01-choose")

        page.locator(".pay-form button[type=submit]").click()
        page.wait_for_url("**/pay/sandbox/**")
        assert page.locator(".amount").inner_text() == "¥58.80"
        screenshot(page, "pay-02-sandbox")

        page.locator("button[value=pay]").click()
        page.wait_for_url("**/pay/result/?**")
        assert page.locator("h1.pay-result.paid").inner_text() == "支付成功"
        assert page.locator(".order-id").inner_text() == order.order_id
        screenshot(page, "pay-03-result")

        page.goto(f"/pay/{order.order_id}/")
        assert page.locator(".pay-form").count() == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.filter(order=order).count() == 1
    assert len(paid_events.paid) == 1
