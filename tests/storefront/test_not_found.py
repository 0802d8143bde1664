"""Wrong catalogue URLs answer 404 with the shop's styled page, and the page
cache neither keeps a 404 nor lets one pass for another page."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.views.defaults import server_error

from shopkit.goods.models import Category
from tests.fixtures.catalogue import make_skus


def assert_styled_404(response) -> None:
    assert response.status_code == 404
    html = response.content.decode()
    assert '<body class="page-error page-404">' in html
    assert "shopkit/css/shop.css" in html and "category-nav" in html  # the shop's frame
    assert '<p class="error-status">404</p>' in html and "页面没有找到" in html


@pytest.mark.parametrize(
    "path",
    [
        "/list/{category}/999",  # past the end
        "/list/{category}/0",
        "/list/{category}/abc",  # not a number
        "/list/{category}/-1",
        "/list/99999/1",  # no such category
        "/goods/999999",  # no such SKU
        "/goods/abc",
        "/goods/99999999999999999999999",  # beyond any database's integers
        "/list/99999999999999999999999/1",
        "/list/{category}/99999999999999999999999",
    ],
)
def test_wrong_catalogue_urls_are_styled_404s(client, fruit, path):
    assert_styled_404(client.get(path.format(category=fruit["category"].pk)))


def test_a_page_within_the_listing_is_found(client, fruit, settings):
    settings.SHOPKIT_LIST_PAGE_SIZE = 1
    category = fruit["category"].pk
    assert client.get(f"/list/{category}/2?sort=price").status_code == 200
    assert client.get(f"/list/{category}/1").status_code == 200


def test_an_empty_category_still_has_its_first_page(client, db):
    empty = Category.objects.create(name="空")
    assert client.get(f"/list/{empty.pk}/1").status_code == 200
    assert client.get(f"/list/{empty.pk}/2").status_code == 404


@pytest.mark.django_db(transaction=True)  # new SKUs must commit to refresh the cached count
def test_a_404_is_not_cached_once_the_page_exists(client, fruit, settings):
    settings.SHOPKIT_LIST_PAGE_SIZE = 1
    category = fruit["category"]
    count = category.skus.count()
    past_the_end = f"/list/{category.pk}/{count + 1}"
    assert client.get(past_the_end).status_code == 404
    assert client.get(past_the_end).status_code == 404  # nor served from the cache as page 1
    make_skus(category, 1, prefix="梨")
    assert client.get(past_the_end).status_code == 200


def test_every_header_variant_gets_the_404(fruit, alice):
    """Anonymous without a cart, anonymous with one and logged in: the cached
    pages of each variant never answer for a wrong page."""
    category = fruit["category"].pk
    with_cart = Client()
    with_cart.post("/cart/add", {"sku_id": fruit["apples"][0].pk}, HTTP_ACCEPT="application/json")
    logged_in = Client()
    logged_in.force_login(alice)
    for client in (Client(), with_cart, logged_in):
        assert client.get(f"/list/{category}/1").status_code == 200
        assert_styled_404(client.get(f"/list/{category}/999"))


def test_the_404_page_is_in_english_when_asked(client, fruit):
    response = client.get("/goods/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


@override_settings(DEBUG=False)
def test_the_500_page_is_styled_and_needs_no_database(db):
    """Django renders 500.html without a request; it must not query anything."""
    with CaptureQueriesContext(connection) as queries:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and not queries.captured_queries
    html = response.content.decode()
    assert '<body class="page-error page-500">' in html and "shopkit/css/shop.css" in html
