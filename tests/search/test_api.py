"""``/v1/goods/search``, exactly as API.md §3: form POST and GET."""

import pytest

from shopkit.core.codes import ErrorCode
from tests.catalogue import make_skus


def test_form_post_finds_a_chinese_word_with_the_contract_shape(client, search_catalogue):
    body = client.post("/v1/goods/search", {"q": "草莓"}).json()
    assert body["code"] == 200
    assert body["base_url"] == "http://testserver/media/"
    berries = search_catalogue["berries"]
    assert {item["skuid"] for item in body["data"]} == {sku.pk for sku in berries.values()}
    item = next(i for i in body["data"] if i["skuid"] == berries["500g"].pk)
    assert item == {
        "skuid": berries["500g"].pk,
        "name": "新鲜草莓 500g",
        "price": "29.90",
        "image": berries["500g"].default_image.name,
    }
    assert body["paginator"] == {"pagesize": 9, "total": 2}


def test_get_with_query_string_and_mixed_words(client, search_catalogue):
    body = client.get("/v1/goods/search", {"q": "草莓 500g"}).json()
    assert [item["name"] for item in body["data"]] == ["新鲜草莓 500g"]


def test_json_body_is_read_too(client, search_catalogue):
    body = client.post(
        "/v1/goods/search", '{"q": "苹果"}', content_type="application/x-www-form-urlencoded"
    ).json()
    assert body["paginator"]["total"] == 3


def test_pages(client, settings, search_catalogue):
    settings.SHOPKIT_SEARCH_PAGE_SIZE = 2
    first = client.post("/v1/goods/search", {"q": "苹果", "page": "1"}).json()
    second = client.post("/v1/goods/search", {"q": "苹果", "page": "2"}).json()
    assert first["paginator"] == {"pagesize": 2, "total": 3}
    assert len(first["data"]) == 2 and len(second["data"]) == 1
    assert not {i["skuid"] for i in first["data"]} & {i["skuid"] for i in second["data"]}


@pytest.mark.parametrize("page", ["abc", "0", "-3", "99", "1.5", "", "9" * 40])
def test_a_bad_or_past_the_end_page_shows_the_first_page(client, settings, search_catalogue, page):
    settings.SHOPKIT_SEARCH_PAGE_SIZE = 2
    first = client.get("/v1/goods/search", {"q": "苹果"}).json()
    body = client.get("/v1/goods/search", {"q": "苹果", "page": page}).json()
    assert body["code"] == 200 and body["data"] == first["data"]


@pytest.mark.parametrize("query", [None, "", "   "])
def test_an_empty_query_has_its_own_code(client, db, query):
    data = {} if query is None else {"q": query}
    body = client.post("/v1/goods/search", data).json()
    assert body["code"] == ErrorCode.GOODS_SEARCH_QUERY_EMPTY
    assert body["error"] == "Enter something to search for"


@pytest.mark.parametrize("body", ['{"q": ["草莓"]}', '{"q": {"a": 1}}', '["草莓"]', '{"q": true}'])
def test_a_query_that_is_not_text_is_a_bad_parameter(client, db, body):
    answer = client.post("/v1/goods/search", body, content_type="application/json").json()
    assert answer["code"] == ErrorCode.GOODS_BAD_PARAMETER


def test_a_too_long_query_is_a_bad_parameter(client, db, settings):
    settings.SHOPKIT_SEARCH_MAX_QUERY_LENGTH = 5
    body = client.get("/v1/goods/search", {"q": "草莓草莓草莓"}).json()
    assert body["code"] == ErrorCode.GOODS_BAD_PARAMETER


def test_nothing_found_is_an_empty_page(client, search_catalogue):
    body = client.get("/v1/goods/search", {"q": "榴莲"}).json()
    assert body["code"] == 200 and body["data"] == []
    assert body["paginator"] == {"pagesize": 9, "total": 0}


def test_the_database_backend_serves_the_same_contract(client, settings, fruit):
    settings.SHOPKIT_SEARCH_BACKEND = "database"
    make_skus(fruit["category"], 1, prefix="猕猴桃", is_launched=False)
    body = client.get("/v1/goods/search", {"q": "草莓"}).json()
    assert body["paginator"]["total"] == 2
    huge = client.get("/v1/goods/search", {"q": "草莓", "page": "9" * 40}).json()
    assert huge["code"] == 200 and len(huge["data"]) == 2


def test_preflight_is_answered(client, db):
    response = client.options(
        "/v1/goods/search",
        HTTP_ORIGIN="http://127.0.0.1:7000",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] in {"*", "http://127.0.0.1:7000"}
