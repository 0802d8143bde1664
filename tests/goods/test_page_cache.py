"""Every write path makes exactly the affected cached pages stale."""

from decimal import Decimal

import pytest
from django.db import transaction

from shopkit.content.models import CategoryBanner
from shopkit.content.services import home_page
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods import services
from shopkit.goods.models import SKU, Category
from tests.fixtures.catalogue import make_skus

# Invalidation runs when the writing transaction commits, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cabbage(fruit):
    return make_skus(Category.objects.create(name="新鲜蔬菜"), 1, prefix="白菜")[0]


def warm(*sku_ids):
    for sku_id in sku_ids:
        services.sku_detail(sku_id)


def test_cached_detail_needs_no_queries(fruit, django_assert_num_queries):
    apple = fruit["apples"][0]
    warm(apple.pk)
    with django_assert_num_queries(0):
        assert services.sku_detail(apple.pk)["name"] == apple.name


def test_price_change_refreshes_its_detail_and_list_but_not_other_details(
    fruit, cabbage, django_assert_num_queries
):
    apple, berry = fruit["apples"][0], fruit["berries"]["500g"]
    warm(apple.pk, berry.pk, cabbage.pk)
    services.category_page(fruit["category"], "price", 1)

    apple.price = Decimal("1.50")
    apple.save()

    assert services.sku_detail(apple.pk)["price"] == "1.50"
    listing = services.category_page(fruit["category"], "price", 1)
    assert listing["skus"][0]["name"] == apple.name
    with django_assert_num_queries(0):
        services.sku_detail(cabbage.pk)  # another category
        services.sku_detail(berry.pk)  # same category, but apple is not among its "newest"


def test_a_new_sku_refreshes_the_newest_box_of_its_category(
    fruit, cabbage, django_assert_num_queries
):
    berry = fruit["berries"]["500g"]
    warm(berry.pk, cabbage.pk)
    [kiwi] = make_skus(fruit["category"], 1, prefix="猕猴桃")
    assert kiwi.name in [card["name"] for card in services.sku_detail(berry.pk)["newest"]]
    with django_assert_num_queries(0):
        services.sku_detail(cabbage.pk)


def test_a_sku_created_and_saved_again_in_one_transaction_refreshes_the_newest_box(fruit):
    berry = fruit["berries"]["500g"]
    warm(berry.pk)
    with transaction.atomic():
        [kiwi] = make_skus(fruit["category"], 1, prefix="猕猴桃")
        kiwi.caption = "second save before commit"
        kiwi.save()
    assert kiwi.name in [card["name"] for card in services.sku_detail(berry.pk)["newest"]]


def test_unlaunching_hides_the_sku_everywhere(fruit):
    apple = fruit["apples"][2]
    warm(apple.pk)
    apple.is_launched = False
    apple.save()
    with pytest.raises(ShopkitError) as hidden:
        services.sku_detail(apple.pk)
    assert hidden.value.code == ErrorCode.GOODS_SKU_NOT_FOUND
    listing = services.category_page(fruit["category"], "default", 1)
    assert apple.name not in [card["name"] for card in listing["skus"]]


def test_queryset_delete_refreshes_the_list(fruit):
    services.category_page(fruit["category"], "default", 1)
    SKU.objects.filter(pk=fruit["apples"][0].pk).delete()
    assert services.category_page(fruit["category"], "default", 1)["total"] == 4


def test_spu_and_sale_value_edits_refresh_detail(fruit):
    berry = fruit["berries"]["500g"]
    warm(berry.pk)
    fruit["spu"].name = "丹东草莓"
    fruit["spu"].save()
    assert services.sku_detail(berry.pk)["spu"] == "丹东草莓"
    value = fruit["spu"].sale_attributes.get().values.get(name="500g")
    value.name = "半斤"
    value.save()
    names = services.sku_detail(berry.pk)["sale_attributes"][0]["values"]
    assert [v["name"] for v in names] == ["半斤", "1kg"]


def test_banner_change_refreshes_home(fruit):
    apple = fruit["apples"][0]
    assert home_page()["rows"][0]["images"] == []
    CategoryBanner.objects.create(category=fruit["category"], sku=apple)
    assert [card["name"] for card in home_page()["rows"][0]["images"]] == [apple.name]
    apple.name = "红富士"
    apple.save()
    assert home_page()["rows"][0]["images"][0]["name"] == "红富士"


def test_django_admin_edit_refreshes_detail(client, fruit, admin_user):
    apple = fruit["apples"][0]
    warm(apple.pk)
    client.force_login(admin_user)
    response = client.post(
        f"/admin/shopkit_goods/sku/{apple.pk}/change/",
        {
            "spu": apple.spu_id, "category": apple.category_id, "name": apple.name,
            "caption": apple.caption, "price": "7.70", "market_price": "9.00", "unit": "个",
            "stock": "5", "sales": "0", "is_launched": "on",
            "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
            "images-MIN_NUM_FORMS": "0", "images-MAX_NUM_FORMS": "1000",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert services.sku_detail(apple.pk)["price"] == "7.70"


def test_wagtail_admin_edit_refreshes_detail(client, fruit, admin_user):
    apple = fruit["apples"][0]
    warm(apple.pk)
    client.force_login(admin_user)
    response = client.post(
        f"/cms/snippets/shopkit_goods/sku/edit/{apple.pk}/",
        {
            "spu": apple.spu_id, "category": apple.category_id, "name": "红富士苹果",
            "caption": apple.caption, "price": "8.80", "market_price": "9.00", "unit": "个",
            "stock": "5", "is_launched": "on",
            "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
            "images-MIN_NUM_FORMS": "0", "images-MAX_NUM_FORMS": "1000",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    detail = services.sku_detail(apple.pk)
    assert (detail["name"], detail["price"]) == ("红富士苹果", "8.80")
