"""An editor signs in to Wagtail and opens a SKU; the screenshot illustrates the docs."""

import pytest

from shopkit.demo.loader import load_demo
from shopkit.goods.models import SKU
from tests.browser import chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_signs_in_and_edits_a_sku_in_wagtail(wagtail_home, live_server, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    load_demo(lambda *args: None, "editor-pass-1", "demo-pass-1")
    sku = SKU.objects.get(name="丹东草莓 500g")
    with chromium_page(live_server.url) as page:
        page.goto("/cms/login/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "editor-pass-1")
        page.click("button[type=submit]")
        page.wait_for_url("**/cms/")
        page.goto(f"/cms/snippets/shopkit_goods/sku/edit/{sku.pk}/")
        assert page.locator("input[name=name]").input_value() == "丹东草莓 500g"
        screenshot(page, "wagtail-sku-edit")
        page.fill("input[name=price]", "26.80")
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url("**/cms/snippets/shopkit_goods/sku/")
    sku.refresh_from_db()
    assert str(sku.price) == "26.80"
