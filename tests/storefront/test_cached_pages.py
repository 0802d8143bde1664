"""The catalogue pages served from the page cache: each shopper's own header
and CSRF token, fresh after exactly the writes that change what they show."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shopkit.content.models import CarouselBanner, CategoryBanner
from shopkit.goods.models import Category
from shopkit.search import get_search_backend
from tests.fixtures.accounts import make_shopper
from tests.fixtures.catalogue import make_skus, png_upload

# Invalidation runs when the writing transaction commits, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GREETING = re.compile(r"欢迎您，(\w+)")


def shopper_client(name: str, phone: str) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_shopper(name, phone=phone))
    return browser


def html(browser: Client, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def served_without_queries(browser: Client, url: str) -> bool:
    with CaptureQueriesContext(connection) as queries:
        html(browser, url)
    return len(queries) == 0


@pytest.fixture
def vegetables(fruit):
    return make_skus(Category.objects.create(name="新鲜蔬菜", sort_order=2), 1, prefix="白菜")


@pytest.fixture
def pages(fruit, vegetables):
    """Paths of the fruit pages and of a vegetable page no fruit write touches."""
    apple = fruit["apples"][0]
    return {
        "home": "/",
        "list": f"/list/{fruit['category'].pk}/1",
        "detail": f"/goods/{apple.pk}",
        "other detail": f"/goods/{vegetables[0].pk}",
        "other list": f"/list/{vegetables[0].category_id}/1",
    }


def warm(browser: Client, *urls: str) -> None:
    for url in urls:
        html(browser, url)


def test_interleaved_shoppers_each_see_only_their_own_header_and_token(client, fruit):
    berry = fruit["berries"]["500g"]
    detail = f"/goods/{berry.pk}"
    ann, ben = shopper_client("ann", "13800000011"), shopper_client("ben", "13800000012")
    add = {"sku_id": berry.pk, "count": 1}
    ann_token = CSRF_INPUT.search(html(ann, detail))[1]
    assert ann.post("/cart/add", {**add, "csrfmiddlewaretoken": ann_token}).status_code == 302
    page = {}
    for name, browser in [("ann", ann), ("ben", ben), ("ann", ann), ("ben", ben)]:
        page[name] = html(browser, detail)
    # Compare the greetings, not the whole page: a random CSRF token may spell "ann".
    assert set(GREETING.findall(page["ann"])) == {"ann"}
    assert set(GREETING.findall(page["ben"])) == {"ben"}
    assert '<em id="cart-count">1</em>' in page["ann"]
    assert '<em id="cart-count">0</em>' in page["ben"]
    # Tokens are masked afresh on every use: tell them apart by whom they let in.
    tokens = {name: set(CSRF_INPUT.findall(text)) for name, text in page.items()}
    for token in tokens["ann"]:
        assert ben.post("/cart/add", {**add, "csrfmiddlewaretoken": token}).status_code == 403
        assert ann.post("/cart/add", {**add, "csrfmiddlewaretoken": token}).status_code == 302
    for token in tokens["ben"]:
        assert ann.post("/cart/add", {**add, "csrfmiddlewaretoken": token}).status_code == 403
        assert ben.post("/cart/add", {**add, "csrfmiddlewaretoken": token}).status_code == 302
    anonymous = html(client, detail)
    assert "/user/login/" in anonymous and "欢迎您" not in anonymous
    assert "shopkit-csrf-mark" not in anonymous and "<!--shopkit:" not in anonymous


def test_anonymous_shoppers_see_their_own_cart_count(client, fruit):
    detail = f"/goods/{fruit['apples'][0].pk}"
    newcomer = Client()
    assert '<em id="cart-count">0</em>' in html(newcomer, detail)
    client.post("/cart/add", {"sku_id": fruit["apples"][0].pk, "count": 1})
    assert '<em id="cart-count">1</em>' in html(client, detail)
    assert '<em id="cart-count">0</em>' in html(newcomer, detail)
    assert "/user/login/" in html(client, detail)


def test_pages_vary_on_cookie_and_stay_out_of_shared_caches(client, pages):
    for url in pages.values():
        response = client.get(url)
        assert "Cookie" in response["Vary"] and "private" in response["Cache-Control"]


def test_a_warm_page_needs_no_queries_and_a_viewed_sku_is_still_recorded(fruit, alice):
    apple = fruit["apples"][0]
    browser = Client()
    browser.force_login(alice)
    warm(browser, f"/goods/{apple.pk}")
    anonymous = Client()
    assert served_without_queries(anonymous, f"/goods/{apple.pk}")
    html(browser, f"/goods/{fruit['berries']['1kg'].pk}")
    history = html(browser, "/user/")
    assert fruit["berries"]["1kg"].name in history and apple.name in history


def test_query_parameters_a_page_does_not_read_share_its_entry(client, pages):
    warm(client, pages["detail"], pages["list"] + "?sort=price")
    assert served_without_queries(client, pages["detail"] + "?utm_source=mail")
    assert served_without_queries(client, pages["list"] + "?sort=price&from=ad")
    assert not served_without_queries(client, pages["list"] + "?sort=hot")


def test_price_stock_and_name_changes_refresh_the_pages_that_show_the_sku(client, fruit, pages):
    apple = fruit["apples"][0]
    CategoryBanner.objects.create(category=fruit["category"], sku=apple)
    warm(client, *pages.values())
    apple.price, apple.stock, apple.name = Decimal("1.50"), 7, "红富士"
    apple.save()
    assert "红富士" in html(client, pages["home"])
    assert "红富士" in html(client, pages["list"]) and "1.50" in html(client, pages["list"])
    detail = html(client, pages["detail"])
    assert 'id="unit-price">1.50<' in detail and 'data-stock="7"' in detail
    assert served_without_queries(client, pages["other detail"])
    assert served_without_queries(client, pages["other list"])


def test_unlaunching_and_launching_again_hide_and_show_the_sku(client, fruit, pages):
    apple = fruit["apples"][0]
    warm(client, *pages.values())
    apple.is_launched = False
    apple.save()
    assert client.get(pages["detail"]).status_code == 404
    assert apple.name not in html(client, pages["list"])
    assert served_without_queries(client, pages["other list"])
    apple.is_launched = True
    apple.save()
    assert apple.name in html(client, pages["detail"])
    assert apple.name in html(client, pages["list"])


def test_a_category_rename_refreshes_every_menu(client, fruit, pages):
    warm(client, *pages.values())
    fruit["category"].name = "时令水果"
    fruit["category"].save()
    for url in pages.values():
        assert 'href="/list/{}/1">时令水果</a>'.format(fruit["category"].pk) in html(client, url)


def test_a_banner_change_refreshes_the_home_page_only(client, fruit, pages):
    warm(client, *pages.values())
    CarouselBanner.objects.create(sku=fruit["apples"][1], image=png_upload("slide.png"))
    assert 'class="carousel"' in html(client, pages["home"])
    assert f'href="/goods/{fruit["apples"][1].pk}"><img' in html(client, pages["home"])
    assert served_without_queries(client, pages["list"])
    assert served_without_queries(client, pages["detail"])


def test_a_new_shop_name_shows_on_the_next_request(client, pages, settings):
    warm(client, *pages.values())
    settings.SHOPKIT_SHOP_NAME = "鲜果铺"
    for url in pages.values():
        assert "鲜果铺" in html(client, url)


def test_a_new_sku_shows_in_search_once_the_index_is_refreshed(client, fruit, settings):
    settings.SHOPKIT_SEARCH_BACKEND = "database"
    get_search_backend().rebuild()  # its search text, as after switching backends
    assert "<mark>草莓</mark>" in html(client, "/search/?q=草莓")
    make_skus(fruit["category"], 1, prefix="奶油草莓")
    assert "奶油<mark>草莓</mark> 0" in html(client, "/search/?q=草莓")


@pytest.mark.parametrize("page", ["home", "list", "detail", "search"])
def test_warm_query_counts_do_not_grow_with_the_catalogue(fruit, alice, page, settings):
    """A warm page costs the same queries (a logged-in shopper's session and
    user) with ten times the SKUs."""
    settings.SHOPKIT_SEARCH_BACKEND = "database"
    get_search_backend().rebuild()  # its search text, as after switching backends
    settings.SHOPKIT_LIST_PAGE_SIZE = 50
    category = fruit["category"]
    url = {
        "home": "/",
        "list": f"/list/{category.pk}/1",
        "detail": f"/goods/{fruit['berries']['500g'].pk}",
        "search": "/search/?q=草莓",
    }[page]
    CategoryBanner.objects.create(category=category, sku=fruit["apples"][0])
    browser = Client()
    browser.force_login(alice)

    def warm_count() -> int:
        warm(browser, url)
        with CaptureQueriesContext(connection) as queries:
            assert "sku-card" in html(browser, url)
        return len(queries)

    few = warm_count()
    for sku in make_skus(category, 45, prefix="更多草莓"):
        CategoryBanner.objects.create(category=category, sku=sku)
    assert warm_count() == few
