"""The whole purchase in a real Chromium on the storefront: register, activate from
the mail, fill the cart before and after logging in (the cookie cart merges),
change counts, place the order, pay on the sandbox and see it paid."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from shopkit.goods.models import SKU
from shopkit.orders.models import Order, OrderStatus
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import chromium_page, fill_registration, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_to_cart(page, sku, expected_count):
    page.goto(f"/goods/{sku.pk}")
    page.locator(".add-to-cart button").click()
    page.wait_for_function(
        f"document.getElementById('cart-count').innerText === '{expected_count}'"
    )


def test_a_new_shopper_buys_and_pays_with_the_sandbox(fruit, live_server):
    berry, apple = fruit["berries"]["500g"], fruit["apples"][1]  # 29.90 and 11.00
    with chromium_page(live_server.url) as page:
        fill_registration(page, "dora_2026", PASSWORD, "dora@example.com", "13912345670")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
        [activation] = [m for m in mail.outbox if "dora@example.com" in m.to]
        link = re.search(r"https?://\S+", activation.body).group(0)
        page.goto(link)
        screenshot(page, "checkout-01-activated")

        add_to_cart(page, berry, "1")  # still anonymous: a cookie cart

        page.goto("/user/login/")
        page.fill("input[name=username]", "dora_2026")
        page.fill("input[name=password]", PASSWORD)
        page.locator("form.account-form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#cart-count").inner_text() == "1"  # merged into the account

        add_to_cart(page, apple, "2")
        page.goto("/cart/")
        berry_row = page.locator(f"tr.cart-line[data-sku='{berry.pk}']")
        berry_row.locator(".plus").click()
        page.wait_for_function("document.getElementById('selected-amount').innerText === '70.80'")
        screenshot(page, "checkout-02-cart")

        page.locator("a.checkout").click()
        page.wait_for_load_state()
        assert "/orders/settlement/" in page.url
        page.locator(".settle-addresses a").click()  # no address yet: add one
        page.fill("input[name=receiver]", "朵拉")
        page.select_option("select[name=province_code]", "330000")  # 浙江省
        page.select_option("select[name=city_code]", "330100")  # 杭州市, once fetched
        page.select_option("select[name=district_code]", "330106")  # 西湖区
        page.fill("input[name=street]", "文三路 1 号")
        page.fill("input[name=receiver_mobile]", "13912345670")
        page.locator("form.account-form button[type=submit]").click()
        page.wait_for_load_state()

        page.goto("/cart/")
        page.locator("a.checkout").click()
        page.wait_for_load_state()
        assert page.locator("#goods-amount").inner_text() == "70.80"
        assert page.locator("#freight").inner_text() == "10.00"
        assert page.locator("#payment-amount").inner_text() == "80.80"
        screenshot(page, "checkout-03-settlement")
        page.locator(".settle-total button[type=submit]").click()
        page.wait_for_load_state()

        assert "/pay/sandbox/" in page.url
        screenshot(page, "checkout-04-sandbox")
        page.locator("button[value=pay]").click()
        page.wait_for_selector("h1.pay-result.paid")
        order_id = page.locator("dd.order-id").inner_text()
        screenshot(page, "checkout-05-paid")

        page.goto("/orders/?status=2")
        listed = page.locator(f"article.order[data-order='{order_id}']")
        assert listed.locator(".order-status").inner_text() == "已付款，待发货"
        assert page.locator("#cart-count").inner_text() == "0"
        screenshot(page, "checkout-06-user-centre")

    # The database is read only now: inside Playwright's event loop Django
    # would open a separate connection that outlives the test.
    order = Order.objects.get()
    assert order.order_id == order_id
    assert order.status == OrderStatus.PAID and order.total_amount == Decimal("80.80")
    assert sorted((line.sku_id, line.count) for line in order.lines.all()) == sorted(
        [(berry.pk, 2), (apple.pk, 1)]
    )
    assert SKU.objects.get(pk=berry.pk).stock == 18
