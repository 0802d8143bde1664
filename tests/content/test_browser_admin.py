"""An editor signs in to Wagtail and opens a SKU; the screenshot illustrates the docs."""

import pytest

from shopkit.goods.models import SKU
from tests.fixtures.browser import DEMO_ADMIN_PASSWORD, chromium_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_signs_in_and_edits_a_sku_in_wagtail(demo_store, live_server):
    sku = SKU.objects.get(name="丹东草莓 500g")
    with chromium_page(live_server.url) as page:
        page.goto("/cms/login/")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", DEMO_ADMIN_PASSWORD)
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
