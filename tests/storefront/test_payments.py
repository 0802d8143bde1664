"""The demo's offline flow through the storefront pages and the sandbox provider."""

from urllib.parse import urlsplit

import pytest

from shopkit.orders.models import OrderStatus
from shopkit.payments.models import Payment, PaymentStatus
from tests.fixtures.orders import make_order

pytestmark = pytest.mark.django_db(transaction=True)


def start_sandbox(client, order):
    response = client.post(f"/pay/{order.order_id}/", {"provider": "sandbox"})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path.startswith("/pay/sandbox/")
    return response["Location"]


def test_pay_page_lists_the_active_providers_with_their_titles(shopper, order):
    page = shopper.get(f"/pay/{order.order_id}/").content.decode()
    assert order.order_id in page and "128.50" in page
    assert 'value="sandbox"' in page and "沙箱支付" in page


def test_sandbox_pay_button_notifies_and_returns_to_a_paid_result(shopper, order, paid_events):
    pay_page = start_sandbox(shopper, order)
    page = shopper.get(pay_page).content.decode()
    assert order.order_id in page and "128.50" in page
    back = shopper.post(pay_page, {"action": "pay"})
    assert urlsplit(back["Location"]).path == "/v1/pays/sandbox/return"
    result = shopper.get(back["Location"], follow=True)
    assert result.redirect_chain[-1][0].startswith("/pay/result/?")
    html = result.content.decode()
    assert "pay-result paid" in html and order.order_id in html and "128.50" in html
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.get(order=order).status == PaymentStatus.PAID
    assert len(paid_events.paid) == 1
    shopper.post(pay_page, {"action": "pay"})
    assert Payment.objects.filter(order=order).count() == 1 and len(paid_events.paid) == 1


def test_sandbox_cancel_returns_to_a_not_confirmed_result(shopper, order, paid_events):
    pay_page = start_sandbox(shopper, order)
    back = shopper.post(pay_page, {"action": "cancel"})
    html = shopper.get(back["Location"], follow=True).content.decode()
    assert "pay-result not-confirmed" in html and f"/pay/{order.order_id}/" in html
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID and paid_events.paid == []


def test_sandbox_page_rejects_forged_tokens_and_unknown_actions(shopper, order):
    pay_page = start_sandbox(shopper, order)
    assert shopper.get(pay_page[:-2] + "xx").status_code == 404
    assert shopper.get("/pay/sandbox/not-a-token").status_code == 404
    assert shopper.post(pay_page, {"action": "steal"}).status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID


def test_pay_page_needs_login_and_the_owner(client, order, stranger):
    response = client.get(f"/pay/{order.order_id}/")
    assert response.status_code == 302 and "/user/login/" in response["Location"]
    client.force_login(stranger)
    assert client.get(f"/pay/{order.order_id}/").status_code == 404
    assert client.post(f"/pay/{order.order_id}/", {"provider": "sandbox"}).status_code == 404


def test_paid_or_cancelled_orders_cannot_be_paid_again(shopper, buyer):
    for status in (OrderStatus.PAID, OrderStatus.CANCELLED):
        order = make_order(buyer)
        order.status = status
        order.save()
        response = shopper.post(f"/pay/{order.order_id}/", {"provider": "sandbox"})
        assert response.status_code == 200
        assert "pay-form" not in response.content.decode()


def test_unknown_provider_choice_is_a_form_error(shopper, order):
    response = shopper.post(f"/pay/{order.order_id}/", {"provider": "nope"})
    assert response.status_code == 200 and "field-error" in response.content.decode()


def test_result_page_without_a_valid_return_is_not_confirmed(client, db):
    for query in ["", "sandbox=forged", "sandbox=a&sandbox=b", "%ff=1"]:
        html = client.get("/pay/result/?" + query).content.decode()
        assert "pay-result not-confirmed" in html
