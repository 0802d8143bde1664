"""The server-rendered catalogue pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopkit.content.models import CarouselBanner, CategoryBanner, PromotionBanner
from shopkit.goods.history import recent_views
from shopkit.goods.models import Category
from shopkit.orders.comments import CommentInput, comment_order
from tests.fixtures.catalogue import make_skus, png_upload


def sku_names(html: str) -> list[str]:
    return re.findall(
        r'<li class="sku-card" data-sku="\d+">\s*<a [^>]*>.*?<h4>(.*?)</h4>', html, re.S
    )


def listing_names(html: str) -> list[str]:
    return sku_names(re.search(r'<section class="listing">(.*?)</section>', html, re.S).group(1))


def test_index_shows_banners_and_category_rows(client, fruit):
    apple, berry = fruit["apples"][0], fruit["berries"]["500g"]
    CarouselBanner.objects.create(sku=berry, image=png_upload())
    PromotionBanner.objects.create(name="周末特惠", url="/pages/sale/", image=png_upload())
    CategoryBanner.objects.create(category=fruit["category"], sku=apple, display_type=0)
    CategoryBanner.objects.create(category=fruit["category"], sku=berry, display_type=1)
    html = client.get("/").content.decode()
    assert f'href="/goods/{berry.pk}"' in html and "/media/banner/" in html
    assert 'href="/pages/sale/"' in html
    assert f'<a href="/goods/{apple.pk}">{apple.name}</a>' in html  # title row
    assert sku_names(html) == [berry.name]  # image row
    assert f'href="/list/{fruit["category"].pk}/1"' in html


def test_index_limits_banner_counts(client, fruit):
    for _ in range(6):
        CarouselBanner.objects.create(sku=fruit["apples"][0], image=png_upload())
        PromotionBanner.objects.create(name="p", url="/x/", image=png_upload())
    html = client.get("/").content.decode()
    assert html.count('<li class="slide"') == 4
    assert html.count('<li><a href="/x/">') == 2


@pytest.mark.django_db(transaction=True)  # adding SKUs must commit to refresh the cached count
def test_list_sorts_by_price_and_pages_with_a_window_of_five(client, fruit, settings):
    settings.SHOPKIT_LIST_PAGE_SIZE = 1
    category = fruit["category"].pk
    html = client.get(f"/list/{category}/3?sort=price").content.decode()
    assert listing_names(html) == ["苹果 2"]
    pages = re.findall(r'data-page="(\d+)"', html)
    assert pages == ["1", "2", "3", "4", "5"]
    make_skus(fruit["category"], 4, prefix="梨")
    html = client.get(f"/list/{category}/6?sort=price").content.decode()
    assert re.findall(r'data-page="(\d+)"', html) == ["4", "5", "6", "7", "8"]


def test_detail_shows_spec_switching_and_newest(client, fruit):
    half, kilo = fruit["berries"]["500g"], fruit["berries"]["1kg"]
    html = client.get(f"/goods/{half.pk}").content.decode()
    assert '<span class="spec-value current">500g</span>' in html
    assert f'<a class="spec-value" href="/goods/{kilo.pk}">1kg</a>' in html
    assert "产地" in html and "丹东" in html
    assert "<script>alert(1)</script>" not in html
    newest = re.search(r'<aside class="newest">(.*?)</aside>', html, re.S).group(1)
    assert sku_names(newest) == ["苹果 2", "苹果 1"]


def test_detail_of_unknown_sku_is_404(client, fruit):
    assert client.get("/goods/999999").status_code == 404


def test_the_detail_page_shows_comments(received, buyer, fruit, client):
    berry = fruit["berries"]["1kg"]
    comment_order(buyer, received.pk, [CommentInput(berry.pk, "又大又甜", 4, False)])
    page = client.get(f"/goods/{berry.pk}").content.decode()
    assert "又大又甜" in page and "★★★★" in page and "★★★★★" not in page


def test_viewing_details_records_last_five_distinct_newest_first(client, fruit):
    user = get_user_model().objects.create_user("viewer", "v@example.com", "pw-viewer-1")
    client.force_login(user)
    extra = make_skus(Category.objects.create(name="x"), 3, prefix="extra")
    order = [
        fruit["apples"][0],
        fruit["apples"][1],
        *extra,
        fruit["apples"][0],
        fruit["berries"]["1kg"],
    ]
    for sku in order:
        client.get(f"/goods/{sku.pk}")
    expected = [fruit["berries"]["1kg"], fruit["apples"][0], extra[2], extra[1], extra[0]]
    assert recent_views(user) == expected
    centre = client.get("/user/").content.decode()
    history = re.search(r'<section class="browse-history">(.*?)</section>', centre, re.S).group(1)
    assert sku_names(history) == [sku.name for sku in expected]


def test_header_greets_each_user_by_name_even_from_cache(client, fruit):
    users = [
        get_user_model().objects.create_user(n, f"{n}@example.com", "pw-user-123")
        for n in ("ann", "ben")
    ]
    for user in users:
        client.force_login(user)
        page = client.get("/").content.decode()
        assert f'<a href="/user/">欢迎您，{user.username}</a>' in page


@pytest.mark.parametrize("path", ["/", "/list/{category}/1", "/goods/{sku}"])
def test_query_count_does_not_grow_with_the_number_of_items(client, fruit, path, settings):
    settings.SHOPKIT_LIST_PAGE_SIZE = 20
    category = fruit["category"]
    url = path.format(category=category.pk, sku=fruit["apples"][0].pk)

    def count_queries() -> int:
        from django.core.cache import caches

        caches["default"].clear()  # measure the uncached build
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    few = count_queries()
    more = make_skus(category, 8, prefix="more")
    for sku in more:
        CategoryBanner.objects.create(category=category, sku=sku, display_type=1)
    assert count_queries() == few


def test_static_index_serves_the_rendered_file(client, db, settings, tmp_path):
    target = tmp_path / "static_index" / "index.html"
    settings.SHOPKIT_STATIC_INDEX_PATH = str(target)
    assert client.get("/index.html").status_code == 404  # not rendered yet
    target.parent.mkdir()
    target.write_text("<p>天天生鲜</p>", encoding="utf-8")
    response = client.get("/index.html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert b"".join(response.streaming_content).decode() == "<p>天天生鲜</p>"


def test_static_index_is_not_found_without_a_path(client, db, settings):
    settings.SHOPKIT_STATIC_INDEX_PATH = None
    assert client.get("/index.html").status_code == 404


@pytest.mark.parametrize(
    ("language", "labels"),
    [("zh-hans", ["账户与购物车", "商品分类"]), ("en", ["Account and cart", "Product categories"])],
)
def test_the_frames_two_navs_have_their_own_translated_names(client, fruit, language, labels):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    frame = html[: html.index("<main")]
    assert re.findall(r'<nav [^>]*aria-label="([^"]+)"', frame) == labels
