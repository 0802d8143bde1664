"""``GET /v1/goods/search/suggest``: search-as-you-type by prefix, pinyin prefix
and traditional characters, launched SKUs only, checked like search."""

import pytest

from shopkit.core.codes import ErrorCode
from shopkit.search import get_search_backend
from shopkit.search.suggest import SUGGESTION_LIMIT
from tests.fixtures.catalogue import make_skus


def suggestions(client, query):
    body = client.get("/v1/goods/search/suggest", {"q": query}).json()
    assert body["code"] == 200, body
    assert all(set(row) == {"text"} for row in body["data"])
    return [row["text"] for row in body["data"]]


@pytest.mark.parametrize("query", ["草", "草莓", "cao", "caom", "cm", "CAO", "ｃａｏ"])
def test_a_prefix_its_pinyin_or_initials_suggest_the_name_first(client, fruit, query):
    names = suggestions(client, query)
    assert names[0] == "草莓"
    assert set(names) == {"草莓", "新鲜草莓 500g", "新鲜草莓 1kg"}


def test_a_later_word_of_a_name_suggests_it_after_names_it_begins(client, fruit):
    make_skus(fruit["category"], 1, prefix="草莓酱")
    names = suggestions(client, "草莓")
    assert names == ["草莓", "草莓酱 0", "草莓酱 SPU", "新鲜草莓 1kg", "新鲜草莓 500g"]
    assert suggestions(client, "caomeij") == ["草莓酱 0", "草莓酱 SPU"]


def test_traditional_characters_suggest_simplified_names(client, fruit):
    assert suggestions(client, "蘋果") == ["苹果 0", "苹果 1", "苹果 2", "苹果 SPU"]
    assert suggestions(client, "蘋") == suggestions(client, "苹")


def test_unlaunched_skus_are_never_suggested(client, fruit):
    make_skus(fruit["category"], 2, prefix="猕猴桃", is_launched=False)
    assert suggestions(client, "猕") == []
    assert suggestions(client, "mht") == []


def test_no_more_than_the_limit_and_nothing_for_an_unknown_prefix(client, fruit):
    make_skus(fruit["category"], SUGGESTION_LIMIT + 4, prefix="芒果")
    assert len(suggestions(client, "mang")) == SUGGESTION_LIMIT
    assert suggestions(client, "榴莲") == []
    assert suggestions(client, "zzzz") == []


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_has_the_search_code(client, db, query):
    body = client.get("/v1/goods/search/suggest", {"q": query}).json()
    assert body["code"] == ErrorCode.GOODS_SEARCH_QUERY_EMPTY
    assert client.get("/v1/goods/search/suggest").json()["code"] == (
        ErrorCode.GOODS_SEARCH_QUERY_EMPTY
    )


def test_a_too_long_query_has_the_bad_parameter_code(client, db, settings):
    settings.SHOPKIT_SEARCH_MAX_QUERY_LENGTH = 5
    body = client.get("/v1/goods/search/suggest", {"q": "草莓草莓草莓"}).json()
    assert body["code"] == ErrorCode.GOODS_BAD_PARAMETER


@pytest.mark.parametrize("backend", ["database", "haystack"])
def test_suggestions_are_the_same_whichever_backend_searches(
    client, settings, fruit, empty_index, backend
):
    settings.SHOPKIT_SEARCH_BACKEND = backend
    get_search_backend().rebuild()
    assert suggestions(client, "cm")[0] == "草莓"


@pytest.mark.django_db(transaction=True)
def test_a_catalogue_change_is_suggested_at_once(client, fruit, empty_index):
    assert suggestions(client, "mht") == []
    [kiwi] = make_skus(fruit["category"], 1, prefix="猕猴桃")
    assert "猕猴桃 0" in suggestions(client, "mht")
    kiwi.is_launched = False
    kiwi.save()
    assert "猕猴桃 0" not in suggestions(client, "mht")
    berry = fruit["berries"]["500g"]
    berry.name = "奶油草莓 500g"
    berry.save()
    assert suggestions(client, "nai") == ["奶油草莓 500g"]


def test_the_schema_documents_the_answer(client, db):
    schema = client.get("/v1/openapi.json").json()
    operation = schema["paths"]["/v1/goods/search/suggest"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["q"]
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/ErrorEnvelope"} in answer["anyOf"]
