"""Editors (pytest-django's ``admin_client``) create and edit catalogue and
content through the Wagtail admin views."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from shopkit.content.models import CarouselBanner, RichContentPage
from shopkit.goods.models import SKU, SPU
from tests.fixtures.catalogue import png_upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_creates_a_sku_with_images(admin_client, fruit):
    spu = fruit["spu"]
    value = spu.sale_attributes.get().values.get(name="1kg")
    data = nested_form_data(
        {
            "spu": spu.pk, "category": fruit["category"].pk, "name": "草莓 2kg 家庭装",
            "caption": "新品", "price": "99.00", "market_price": "120.00", "unit": "盒",
            "stock": "8", "is_launched": "on",
            "default_image": png_upload("main.png"),
            "images": inline_formset([{"image": png_upload("a.png")}]),
        }
    )  # fmt: skip
    data["sale_values"] = [value.pk]  # nested_form_data would flatten the list
    response = admin_client.post("/cms/snippets/shopkit_goods/sku/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    sku = SKU.objects.get(name="草莓 2kg 家庭装")
    assert sku.images.count() == 1 and sku.default_image.name.startswith("sku/")
    assert list(sku.sale_values.all()) == [value]
    assert admin_client.get(f"/goods/{sku.pk}").status_code == 200


def test_editor_edits_spu_rich_description_and_specs(admin_client, fruit):
    spu = fruit["spu"]
    spec = spu.spec_attributes.get()
    attribute = spu.sale_attributes.get()
    data = nested_form_data(
        {
            "name": "丹东草莓", "category": fruit["category"].pk, "brand": "",
            "description": rich_text("<p>甜过<b>初恋</b></p>"),
            "spec_attributes": inline_formset(
                [
                    {"id": spec.pk, "name": "产地", "value": "辽宁丹东"},
                    {"name": "毛重", "value": "1kg"},
                ],
                initial=1,
            ),
            "sale_attributes": inline_formset([{"id": attribute.pk, "name": "规格"}], initial=1),
        }
    )  # fmt: skip
    response = admin_client.post(f"/cms/snippets/shopkit_goods/spu/edit/{spu.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = admin_client.get(f"/goods/{fruit['berries']['500g'].pk}").content.decode()
    assert "<b>初恋</b>" in html and "辽宁丹东" in html and "毛重" in html
    assert SPU.objects.get(pk=spu.pk).name == "丹东草莓"


def test_editor_creates_a_carousel_banner(admin_client, fruit):
    berry = fruit["berries"]["500g"]
    data = {"sku": berry.pk, "image": png_upload("slide.png"), "sort_order": "1"}
    response = admin_client.post("/cms/snippets/shopkit_content/carouselbanner/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CarouselBanner.objects.get().sku == berry
    assert (
        f'href="/goods/{berry.pk}"><img src="/media/banner/'
        in admin_client.get("/").content.decode()
    )


def test_sku_listing_searches_and_filters(admin_client, fruit):
    response = admin_client.get("/cms/snippets/shopkit_goods/sku/", {"q": "草莓"})
    html = response.content.decode()
    assert "新鲜草莓 500g" in html and "苹果 0" not in html
    fruit["apples"][0].is_launched = False
    fruit["apples"][0].save()
    html = admin_client.get(
        "/cms/snippets/shopkit_goods/sku/", {"is_launched": "false"}
    ).content.decode()
    assert "苹果 0" in html and "苹果 1" not in html
    ordered = admin_client.get(
        "/cms/snippets/shopkit_goods/sku/", {"ordering": "price"}
    ).content.decode()
    assert ordered.index("苹果 1") < ordered.index("新鲜草莓 500g")


def test_rich_content_page_with_a_sku_row_renders_in_the_storefront_layout(
    admin_client, fruit, wagtail_home
):
    home = wagtail_home
    berry = fruit["berries"]["500g"]
    data = nested_form_data(
        {
            "title": "草莓季",
            "slug": "strawberry-season",
            "body": streamfield(
                [
                    ("rich_text", rich_text("<p>一年一度</p>")),
                    ("sku_row", {"title": "精选", "skus": streamfield([("item", berry.pk)])}),
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(f"/cms/pages/add/shopkit_content/richcontentpage/{home.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = RichContentPage.objects.get(slug="strawberry-season")
    assert page.live
    html = admin_client.get(page.url).content.decode()
    assert 'class="site-header"' in html and "一年一度" in html
    assert f'data-sku="{berry.pk}"' in html and "精选" in html
    assert Page.objects.filter(pk=page.pk).exists()
