"""A shopper searches the demo store from the header box in a real Chromium."""

import pytest

from shopkit.search import get_search_backend
from tests.fixtures.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed_demo_store(demo_store, empty_index):
    get_search_backend().rebuild()


def test_shopper_searches_from_the_header_and_pages_through_results(
    indexed_demo_store, live_server, settings
):
    settings.SHOPKIT_SEARCH_PAGE_SIZE = 1
    with chromium_page(live_server.url) as page:
        page.goto("/")
        page.locator(".search-box input[name=q]").fill("草莓")
        page.locator(".search-box input[name=q]").press("Enter")
        page.wait_for_url("**/search/?q=*")
        names = page.locator(".search-results h4").all_inner_texts()
        assert names == ["丹东草莓 500g"] or names == ["丹东草莓 1kg"]
        assert page.locator(".search-results h4 mark").first.inner_text() == "草莓"
        assert page.locator(".search-box input[name=q]").input_value() == "草莓"
        screenshot(page, "search-01-results")

        page.locator(".pagination a[data-page='2']").click()
        page.wait_for_url("**page=2")
        assert page.locator(".pagination a.active").inner_text() == "2"
        assert all("草莓" in name for name in page.locator(".search-results h4").all_inner_texts())
        screenshot(page, "search-02-page-2")

        page.locator(".search-results .sku-card a").first.click()
        page.wait_for_url("**/goods/*")
        assert "草莓" in page.locator(".sku-name").inner_text()

        page.locator(".search-box input[name=q]").fill("榴莲")
        page.locator(".search-box button").click()
        page.wait_for_url("**/search/?q=*")
        assert "没有找到" in page.locator(".search-empty").inner_text()
        screenshot(page, "search-03-empty")


def test_shopper_picks_a_suggestion_for_pinyin_with_the_keyboard(indexed_demo_store, live_server):
    with chromium_page(live_server.url) as page:
        page.goto("/")
        box = page.locator(".search-box input[name=q]")
        assert box.get_attribute("role") == "combobox"
        box.press_sequentially("cao", delay=30)
        options = page.locator("#search-suggestions [role=option]")
        # The answer for "ca" (彩虹棒棒糖 too) may show first; "cao" finds only 草莓.
        page.wait_for_function(
            """() => {
                const names = [...document.querySelectorAll('#search-suggestions [role=option]')]
                    .map(option => option.innerText);
                return names.length > 0 && names.every(name => name.includes('草莓'));
            }"""
        )
        assert box.get_attribute("aria-expanded") == "true"
        screenshot(page, "search-04-suggestions")

        box.press("Escape")
        assert page.locator("#search-suggestions").is_hidden()
        assert box.get_attribute("aria-expanded") == "false"

        box.press("Backspace")
        box.press_sequentially("o", delay=30)
        options.first.wait_for()
        box.press("ArrowDown")
        box.press("ArrowDown")
        chosen = options.nth(1)
        assert chosen.get_attribute("aria-selected") == "true"
        assert box.get_attribute("aria-activedescendant") == chosen.get_attribute("id")
        name = chosen.inner_text()
        box.press("Enter")
        page.wait_for_url("**/search/?q=*")
        assert box.input_value() == name
        found = page.locator(".search-results h4").all_inner_texts()
        assert found and any(name in text for text in found)
