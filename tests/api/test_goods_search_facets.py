"""``/v1/goods/search`` narrowed by category and price, with facet counts; the
dadashop answer stays exactly as it was without them."""

import pytest

from shopkit.core.codes import ErrorCode
from shopkit.goods.models import Category
from shopkit.search import get_search_backend
from tests.fixtures.catalogue import make_skus


@pytest.fixture
def two_categories(fruit, empty_index):
    """The fruit (草莓 29.90 and 55.00, 苹果 10.00–12.00) and 苹果 juice in drinks (201.00)."""
    drinks = Category.objects.create(name="饮料")
    [juice] = make_skus(drinks, 1, prefix="苹果汁", price="201.00")
    get_search_backend().rebuild()
    return {**fruit, "drinks": drinks, "juice": juice}


def search(client, **params):
    body = client.get("/v1/goods/search", params).json()
    assert body["code"] == 200, body
    return body


def test_without_filters_the_answer_has_exactly_the_dadashop_keys(client, two_categories):
    body = search(client, q="苹果")
    assert set(body) == {"code", "base_url", "data", "paginator"}
    assert body["paginator"]["total"] == 4


def test_facets_count_the_categories_and_prices_of_every_result(client, two_categories):
    body = search(client, q="苹果", facets="true")
    assert set(body) == {"code", "base_url", "data", "paginator", "facets"}
    fruit, drinks = two_categories["category"], two_categories["drinks"]
    assert body["facets"]["categories"] == [
        {"id": fruit.pk, "name": "新鲜水果", "count": 3},
        {"id": drinks.pk, "name": "饮料", "count": 1},
    ]
    assert body["facets"]["prices"] == [
        {"min": "0.00", "max": "50.00", "count": 3},
        {"min": "200.00", "max": "500.00", "count": 1},
    ]


def test_a_category_narrows_the_results_and_answers_facets(client, two_categories):
    drinks = two_categories["drinks"]
    body = search(client, q="苹果", category=str(drinks.pk))
    assert [row["name"] for row in body["data"]] == ["苹果汁 0"]
    assert body["paginator"]["total"] == 1
    assert len(body["facets"]["categories"]) == 2
    assert body["facets"]["prices"] == [{"min": "200.00", "max": "500.00", "count": 1}]


def test_a_price_range_includes_both_ends_in_get_and_form_post(client, two_categories):
    body = search(client, q="苹果", price_min="11", price_max="12.00")
    assert sorted(row["price"] for row in body["data"]) == ["11.00", "12.00"]
    posted = client.post("/v1/goods/search", {"q": "苹果", "price_min": "200"}).json()
    assert [row["name"] for row in posted["data"]] == ["苹果汁 0"]


def test_counts_and_results_are_the_same_on_the_database_backend(client, settings, two_categories):
    haystack = search(client, q="苹果", price_max="100")
    settings.SHOPKIT_SEARCH_BACKEND = "database"
    get_search_backend().rebuild()
    database = search(client, q="苹果", price_max="100")
    assert database["facets"] == haystack["facets"]
    assert database["paginator"] == haystack["paginator"]


@pytest.mark.parametrize(
    "params",
    [
        {"category": "abc"},
        {"category": "0"},
        {"category": "-3"},
        {"price_min": "cheap"},
        {"price_min": "-1"},
        {"price_max": "NaN"},
        {"price_max": "Infinity"},
        {"price_max": "12,5"},
        {"category": "1.5"},
        {"facets": "maybe"},
        {"facets": "TRUE"},
    ],
)
def test_a_bad_filter_has_the_bad_parameter_code(client, two_categories, params):
    body = client.get("/v1/goods/search", {"q": "苹果", **params}).json()
    assert body["code"] == ErrorCode.GOODS_BAD_PARAMETER
    posted = client.post("/v1/goods/search", {"q": "苹果", **params}).json()
    assert posted["code"] == ErrorCode.GOODS_BAD_PARAMETER


def test_a_minimum_above_the_maximum_finds_nothing_and_huge_prices_are_no_limit(
    client, two_categories
):
    assert search(client, q="苹果", price_min="50", price_max="10")["paginator"]["total"] == 0
    assert search(client, q="苹果", price_max="1e400")["paginator"]["total"] == 4
    assert search(client, q="苹果", price_min="1e400")["paginator"]["total"] == 0


def test_empty_filters_are_no_filters(client, two_categories):
    body = search(client, q="苹果", category="", price_min="", price_max="")
    assert set(body) == {"code", "base_url", "data", "paginator"}
