"""The search page narrowed by category and price: facet links with counts
that keep the query, bad parameters ignored, each narrowing cached apart."""

import re

import pytest

from shopkit.goods.models import Category
from shopkit.search import get_search_backend
from tests.fixtures.catalogue import make_skus


@pytest.fixture
def two_categories(fruit, empty_index):
    drinks = Category.objects.create(name="饮料")
    make_skus(drinks, 1, prefix="苹果汁", price="201.00")
    get_search_backend().rebuild()
    return {**fruit, "drinks": drinks}


def names(html):
    return re.findall(r"<h4>(.*?)</h4>", html)


def test_facet_links_carry_counts_and_keep_the_query(client, two_categories):
    html = client.get("/search/", {"q": "苹果"}).content.decode()
    drinks = two_categories["drinks"].pk
    assert f'href="?q=%E8%8B%B9%E6%9E%9C&amp;category={drinks}"' in html
    assert '饮料 <span class="count">(1)</span>' in html
    assert '新鲜水果 <span class="count">(3)</span>' in html
    assert "price_min=200.00&amp;price_max=500.00" in html
    assert len(names(html)) == 4


def test_a_category_and_a_price_range_narrow_the_page(client, two_categories):
    drinks = two_categories["drinks"].pk
    html = client.get("/search/", {"q": "苹果", "category": drinks}).content.decode()
    assert [re.sub("<.*?>", "", name) for name in names(html)] == ["苹果汁 0"]
    assert 'class="active" aria-current="true">饮料' in html
    html = client.get("/search/", {"q": "苹果", "price_min": "11", "price_max": "12"}).content
    assert len(names(html.decode())) == 2


@pytest.mark.parametrize(
    "params",
    [
        {"category": "abc"},
        {"category": "-1"},
        {"price_min": "cheap", "price_max": "NaN"},
        {"price_max": "-5"},
        {"price_max": "1e400"},
    ],
)
def test_bad_filters_are_ignored_without_an_error(client, two_categories, params):
    response = client.get("/search/", {"q": "苹果", **params})
    assert response.status_code == 200
    assert len(names(response.content.decode())) >= 1


def test_pages_keep_the_filters(client, settings, two_categories):
    settings.SHOPKIT_SEARCH_PAGE_SIZE = 1
    html = client.get("/search/", {"q": "苹果", "price_max": "50"}).content.decode()
    assert "?q=%E8%8B%B9%E6%9E%9C&amp;price_max=50.00&amp;page=2" in html
