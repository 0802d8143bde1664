"""An anonymous shopper uses the cart in a real Chromium: add from the product
page, change counts with the buttons and by typing, select, delete."""

import pytest

from tests.fixtures.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def text(page, selector):
    return page.locator(selector).inner_text()


def test_anonymous_shopper_fills_and_edits_the_cart(fruit, live_server):
    berry, apple = fruit["berries"]["500g"], fruit["apples"][1]  # 29.90 (stock 20), 11.00
    with chromium_page(live_server.url) as page:
        page.goto(f"/goods/{berry.pk}")
        assert text(page, "#cart-count") == "0"
        page.locator(".quantity .plus").click()
        page.locator(".add-to-cart button").click()
        page.wait_for_function("document.getElementById('cart-count').innerText === '1'")
        assert text(page, ".add-to-cart .cart-message") == "已加入购物车。"
        screenshot(page, "cart-01-added-from-detail")

        page.goto(f"/goods/{apple.pk}")
        page.locator(".add-to-cart button").click()
        page.wait_for_function("document.getElementById('cart-count').innerText === '2'")

        page.goto("/cart/")
        rows = page.locator("tr.cart-line")
        assert rows.count() == 2
        berry_row = page.locator(f"tr.cart-line[data-sku='{berry.pk}']")
        assert berry_row.locator("input.count").input_value() == "2"
        assert berry_row.locator(".sale-attrs").inner_text() == "规格: 500g"
        assert berry_row.locator("img").evaluate("img => img.naturalWidth") > 0
        assert text(page, "#selected-amount") == "70.80"

        berry_row.locator(".plus").click()
        page.wait_for_function("document.getElementById('selected-amount').innerText === '100.70'")
        assert berry_row.locator(".amount").inner_text() == "89.70"

        berry_row.locator("input.count").fill("25")  # more than the 20 in stock
        berry_row.locator("input.count").press("Tab")
        page.wait_for_selector("#cart-message:not([hidden])")
        assert text(page, "#cart-message") == "库存不足"
        assert berry_row.locator("input.count").input_value() == "3"

        berry_row.locator("input.count").fill("5")
        berry_row.locator("input.count").press("Tab")
        page.wait_for_function("document.getElementById('selected-amount').innerText === '160.50'")
        screenshot(page, "cart-02-counts-changed")

        berry_row.locator("input.select").uncheck()
        page.wait_for_function("document.getElementById('selected-amount').innerText === '11.00'")
        assert not page.locator("#select-all").is_checked()
        assert text(page, "#selected-count") == "1"
        page.locator("#select-all").check()
        page.wait_for_function("document.getElementById('selected-amount').innerText === '160.50'")
        assert berry_row.locator("input.select").is_checked()
        screenshot(page, "cart-03-selection")

        page.locator(f"tr.cart-line[data-sku='{apple.pk}'] .delete").click()
        page.wait_for_function("document.querySelectorAll('tr.cart-line').length === 1")
        assert text(page, "#cart-count") == "1" and text(page, "#selected-amount") == "149.50"
        berry_row.locator(".delete").click()
        page.wait_for_selector("#cart-empty:not([hidden])")
        assert text(page, "#cart-count") == "0"
        screenshot(page, "cart-04-emptied")

        page.reload()  # the cookie really holds the (empty) cart
        assert page.locator("tr.cart-line").count() == 0
        assert text(page, "#cart-count") == "0"
