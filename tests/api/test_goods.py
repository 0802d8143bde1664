"""``/v1/goods/…`` exactly as API.md §3: index, catalogues, detail, SKU lookup and
search (form POST and GET)."""

import json

import pytest

from shopkit import hookimpl
from shopkit.core.codes import ErrorCode
from shopkit.goods.models import Category
from shopkit.search import get_search_backend
from tests.fixtures.catalogue import make_skus


def test_index_lists_only_categories_with_three_launched_skus(client, fruit):
    sparse = Category.objects.create(name="海鲜水产")
    make_skus(sparse, 2, prefix="虾")
    make_skus(sparse, 3, prefix="hidden", is_launched=False)
    body = client.get("/v1/goods/index").json()
    assert body["code"] == 200
    assert body["base_url"] == "http://testserver/media/"
    assert [row["catalog_name"] for row in body["data"]] == ["新鲜水果"]
    first = body["data"][0]["sku"][0]
    assert set(first) == {"skuid", "name", "caption", "price", "image"}
    assert len(body["data"][0]["sku"]) == 3


def test_catalog_pages_sorts_and_totals(client, fruit, settings):
    settings.SHOPKIT_LIST_PAGE_SIZE = 2
    category = fruit["category"].pk
    body = client.get(f"/v1/goods/catalogs/{category}?launched=true&page=1&sort=price").json()
    assert body["paginator"] == {"pagesize": 2, "total": 5}
    assert [item["price"] for item in body["data"]] == ["10.00", "11.00"]
    page3 = client.get(f"/v1/goods/catalogs/{category}?page=3&sort=price").json()
    assert [item["price"] for item in page3["data"]] == ["55.00"]


def test_catalog_bad_page_and_sort_fall_back_to_first_page(client, fruit):
    category = fruit["category"].pk
    first = client.get(f"/v1/goods/catalogs/{category}?page=1").json()["data"]
    for query in ("page=999", "page=abc", "page=-1", "sort=nonsense"):
        assert client.get(f"/v1/goods/catalogs/{category}?{query}").json()["data"] == first


def test_catalog_unknown_category_and_bad_id(client, db):
    assert client.get("/v1/goods/catalogs/999").json()["code"] == ErrorCode.GOODS_CATEGORY_NOT_FOUND
    assert client.get("/v1/goods/catalogs/abc").json()["code"] == ErrorCode.GOODS_BAD_PARAMETER


def test_detail_has_the_contract_fields_and_sale_attributes(client, fruit):
    sku = fruit["berries"]["1kg"]
    body = client.get(f"/v1/goods/detail/{sku.pk}").json()
    data = body["data"]
    assert body["code"] == 200 and body["base_url"].endswith("/media/")
    assert data["name"] == "新鲜草莓 1kg" and data["price"] == "55.00"
    assert data["image"] == sku.default_image.name
    assert data["catalog_id"] == fruit["category"].pk and data["catalog_name"] == "新鲜水果"
    assert data["spec"] == {"产地": "丹东"}
    weight = fruit["spu"].sale_attributes.get()
    assert data["sku_sale_attr_id"] == [weight.pk]
    assert data["sku_sale_attr_names"] == ["规格"]
    assert data["sku_sale_attr_val_names"] == ["1kg"]
    assert data["sku_all_sale_attr_vals_name"] == {str(weight.pk): ["500g", "1kg"]}
    assert "<script>" not in data["description"] and "<b>berries</b>" in data["description"]


class Badge:
    @hookimpl
    def shopkit_sku_detail(self, sku):
        return {"badge": {"text": "新品", "sku": sku.pk}, "name": "mine?", "spu_name": "mine?"}


def test_detail_carries_the_keys_plugins_add(client, fruit, shopkit_plugin):
    shopkit_plugin(Badge(), name="badge")
    sku = fruit["berries"]["1kg"]
    data = client.get(f"/v1/goods/detail/{sku.pk}").json()["data"]
    assert data["badge"] == {"text": "新品", "sku": sku.pk}
    assert data["name"] == "新鲜草莓 1kg" and data["spu_name"] == fruit["spu"].name
    assert data["comments"] == []  # the built-in orders plugin's key, as before
    assert "plugin_keys" not in data


def test_detail_of_unlaunched_or_missing_sku_is_not_found(client, fruit):
    sku = fruit["apples"][0]
    sku.is_launched = False
    sku.save()
    for sku_id in (sku.pk, 999999):
        assert (
            client.get(f"/v1/goods/detail/{sku_id}").json()["code"] == ErrorCode.GOODS_SKU_NOT_FOUND
        )


def test_sku_lookup_by_sale_values(client, fruit):
    weight = fruit["spu"].sale_attributes.get()
    one_kilo = weight.values.get(name="1kg")
    body = {"spuid": str(fruit["spu"].pk), str(weight.pk): str(one_kilo.pk)}
    response = client.post("/v1/goods/sku", data=json.dumps(body), content_type="text/plain")
    assert response.json() == {"code": 200, "data": fruit["berries"]["1kg"].pk}


def test_sku_lookup_rejects_foreign_or_missing_values(client, fruit):
    weight = fruit["spu"].sale_attributes.get()
    cases = [
        ({"spuid": fruit["spu"].pk}, ErrorCode.GOODS_BAD_PARAMETER),
        ({"spuid": fruit["spu"].pk, str(weight.pk): "x"}, ErrorCode.GOODS_BAD_PARAMETER),
        ({"spuid": fruit["spu"].pk, "999": "1"}, ErrorCode.GOODS_SKU_NOT_FOUND),
        ({"spuid": fruit["spu"].pk, str(weight.pk): "999"}, ErrorCode.GOODS_SKU_NOT_FOUND),
        ({"spuid": 0}, ErrorCode.GOODS_BAD_PARAMETER),
    ]
    for body, code in cases:
        response = client.post(
            "/v1/goods/sku", data=json.dumps(body), content_type="application/json"
        )
        assert response.json()["code"] == code, body


# -- search ---------------------------------------------------------------------


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
    body = client.post("/v1/goods/search", data, HTTP_ACCEPT_LANGUAGE="en").json()
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
    get_search_backend().rebuild()  # its search text, as after switching backends
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
