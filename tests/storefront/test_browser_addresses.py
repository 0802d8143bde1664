"""A shopper picks province, city and district from cascading selects in a real Chromium."""

import pytest

from shopkit.accounts.models import Address
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/user/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_load_state()


def choices(page, name):
    return page.locator(f"select[name={name}] option").all_inner_texts()


def test_shopper_adds_and_edits_an_address_through_cascading_selects(alice, live_server):
    with chromium_page(live_server.url) as page:
        log_in(page, alice.get_username())
        page.goto("/user/address/")
        assert page.locator("[name=show_divisions]").is_hidden()  # script does its work
        assert choices(page, "city_code") == ["— 请选择 —"]

        page.select_option("select[name=province_code]", "440000")  # 广东省
        page.select_option("select[name=city_code]", "441900")  # 东莞市: no districts
        page.locator("select[name=district_code]").wait_for(state="hidden")
        page.select_option("select[name=city_code]", "440100")  # 广州市
        page.select_option("select[name=district_code]", "440106")  # 天河区
        assert "天河区" in choices(page, "district_code")
        screenshot(page, "addresses-01-chosen")

        page.select_option("select[name=province_code]", "110000")  # another province
        page.wait_for_function(
            "document.querySelector('select[name=city_code]').options.length === 2"
        )
        assert choices(page, "city_code") == ["— 请选择 —", "市辖区"]
        assert choices(page, "district_code") == ["— 请选择 —"]
        page.select_option("select[name=province_code]", "440000")
        page.select_option("select[name=city_code]", "440100")
        page.select_option("select[name=district_code]", "440106")

        page.fill("input[name=receiver]", "张三")
        page.fill("input[name=street]", "体育西路 1 号")
        page.fill("input[name=receiver_mobile]", "13612345678")
        page.locator("form.address-form > button[type=submit]").click()
        page.wait_for_load_state()
        assert "广东省广州市天河区体育西路 1 号" in page.locator("ul.address-list").inner_text()
        screenshot(page, "addresses-02-listed")

        page.locator("ul.address-list a", has_text="编辑").click()
        page.wait_for_load_state()
        assert page.locator("select[name=district_code]").input_value() == "440106"
        page.select_option("select[name=district_code]", "440105")  # 海珠区, listed by the server
        page.locator("form.address-form > button[type=submit]").click()
        page.wait_for_load_state()
        assert "广东省广州市海珠区体育西路 1 号" in page.locator("ul.address-list").inner_text()
        screenshot(page, "addresses-03-edited")

    saved = Address.objects.get()
    assert (saved.province, saved.city, saved.district) == ("广东省", "广州市", "海珠区")


def test_with_javascript_off_each_submit_brings_the_next_list(alice, live_server):
    with chromium_page(live_server.url) as scripted:
        context = scripted.context.browser.new_context(
            base_url=live_server.url, locale="zh-CN", java_script_enabled=False
        )
        page = context.new_page()
        log_in(page, alice.get_username())
        page.goto("/user/address/")
        show = page.locator("[name=show_divisions]")
        assert show.is_visible()
        page.select_option("select[name=province_code]", "440000")
        show.click()
        page.wait_for_load_state()
        page.select_option("select[name=city_code]", "440100")
        show.click()
        page.wait_for_load_state()
        page.select_option("select[name=district_code]", "440106")
        page.fill("input[name=receiver]", "张三")
        page.fill("input[name=street]", "体育西路 1 号")
        page.fill("input[name=receiver_mobile]", "13612345678")
        screenshot(page, "addresses-04-without-javascript")
        page.locator("form.address-form > button[type=submit]").click()
        page.wait_for_load_state()
        assert "广东省广州市天河区体育西路 1 号" in page.locator("ul.address-list").inner_text()
