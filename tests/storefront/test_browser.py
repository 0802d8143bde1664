"""A shopper browses the demo store in a real Chromium: index → category →
sort by price → next page → detail → switch spec → change quantity."""

import pytest

from tests.fixtures.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def prices(page) -> list[float]:
    return [float(text) for text in page.locator(".listing .price span").all_inner_texts()]


def test_shopper_browses_sorts_pages_and_switches_spec(demo_store, live_server, settings):
    settings.SHOPKIT_LIST_PAGE_SIZE = 2
    with chromium_page(live_server.url) as page:
        page.goto("/")
        assert page.locator(".carousel img").count() == 4
        assert page.locator(".category-row").count() == 9
        first_image = page.locator(".category-row .sku-card img").first
        assert first_image.evaluate("img => img.naturalWidth") > 0  # pictures really load
        screenshot(page, "01-index")

        page.locator(".category-nav a", has_text="新鲜水果").click()
        page.wait_for_url("**/list/*/1")
        assert page.locator(".breadcrumb span").inner_text() == "新鲜水果"
        screenshot(page, "02-list")

        page.locator(".sort-bar a[data-sort=price]").click()
        page.wait_for_url("**sort=price")
        first_page = prices(page)
        assert first_page == sorted(first_page) and len(first_page) == 2
        screenshot(page, "03-sorted-by-price")

        page.locator(".pagination a[data-page='2']").click()
        page.wait_for_url("**/list/*/2?sort=price")
        second_page = prices(page)
        assert min(second_page) >= max(first_page)
        assert page.locator(".pagination a.active").inner_text() == "2"
        screenshot(page, "04-page-2")

        page.goto("/")
        page.locator(".category-row .sku-card a", has_text="丹东草莓 500g").first.click()
        page.wait_for_url("**/goods/*")
        assert page.locator(".sku-name").inner_text() == "丹东草莓 500g"
        assert page.locator(".spec-value.current").inner_text() == "500g"
        screenshot(page, "05-detail")

        page.locator("a.spec-value", has_text="1kg").click()
        page.wait_for_function("document.querySelector('.sku-name').innerText === '丹东草莓 1kg'")
        assert page.locator(".spec-value.current").inner_text() == "1kg"
        page.locator(".quantity .plus").click()
        page.locator(".quantity .plus").click()
        assert page.locator("#quantity").input_value() == "3"
        assert page.locator("#total-price").inner_text() == "165.00"
        page.locator(".quantity .minus").click()
        assert page.locator("#total-price").inner_text() == "110.00"
        screenshot(page, "06-detail-switched-spec")
