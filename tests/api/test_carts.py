"""``/v1/carts/<u>``: exactly API.md §4, with every refusal as a carts code."""

import json

import pytest

from shopkit.cart import services
from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token

pytestmark = pytest.mark.django_db


def call(client, method, user, body=None, *, path_user=None, content_type="application/json"):
    path = f"/v1/carts/{(path_user or user).get_username()}"
    extra = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}
    send = getattr(client, method)
    if body is None:
        return send(path, **extra).json()
    return send(path, json.dumps(body), content_type=content_type, **extra).json()


def test_post_adds_and_answers_the_whole_cart_in_the_documented_shape(client, alice, berry):
    answer = call(client, "post", alice, {"sku_id": berry.pk, "count": 2})
    assert answer == {
        "code": 200,
        "base_url": "http://testserver/media/",
        "data": [
            {
                "id": berry.pk,
                "name": "新鲜草莓 500g",
                "count": 2,
                "selected": 1,
                "default_image_url": berry.default_image.name,
                "price": "29.90",
                "sku_sale_attr_name": ["规格"],
                "sku_sale_attr_val": ["500g"],
            }
        ],
    }
    again = call(client, "post", alice, {"sku_id": str(berry.pk), "count": "3"})
    assert again["data"][0]["count"] == 5
    assert call(client, "get", alice) == again


def test_json_sent_with_a_form_content_type_is_read(client, alice, berry):
    answer = call(
        client,
        "post",
        alice,
        {"sku_id": berry.pk, "count": 1},
        content_type="application/x-www-form-urlencoded",
    )
    assert answer["code"] == 200 and answer["data"][0]["count"] == 1


def test_put_states(client, alice, fruit):
    apples = fruit["apples"]
    for apple in apples:
        call(client, "post", alice, {"sku_id": apple.pk, "count": 2})
    first = apples[0].pk

    def counts(answer):
        return {item["id"]: (item["count"], item["selected"]) for item in answer["data"]}

    assert counts(call(client, "put", alice, {"sku_id": first, "state": "add"}))[first] == (3, 1)
    answer = call(client, "put", alice, {"sku_id": str(first), "count": 3, "state": "del"})
    assert counts(answer)[first] == (2, 1)
    call(client, "put", alice, {"sku_id": first, "state": "del"})
    assert counts(call(client, "put", alice, {"sku_id": first, "state": "del"}))[first] == (1, 1)
    assert counts(call(client, "put", alice, {"sku_id": first, "state": "unselect"}))[first] == (
        1,
        0,
    )
    answer = call(client, "put", alice, {"state": "selectall"})
    assert all(item["selected"] == 1 for item in answer["data"])
    answer = call(client, "put", alice, {"state": "unselectall", "sku_id": [first, apples[1].pk]})
    assert [item["selected"] for item in answer["data"]] == [0, 0, 1]
    answer = call(client, "put", alice, {"sku_id": first, "state": "select"})
    assert [item["selected"] for item in answer["data"]] == [1, 0, 1]


def test_delete_removes_the_line(client, alice, fruit):
    apples = fruit["apples"]
    call(client, "post", alice, {"sku_id": apples[0].pk, "count": 1})
    call(client, "post", alice, {"sku_id": apples[1].pk, "count": 1})
    answer = call(client, "delete", alice, {"sku_id": str(apples[0].pk)})
    assert [item["id"] for item in answer["data"]] == [apples[1].pk]


def test_over_stock_is_its_own_code_and_changes_nothing(client, alice, berry):
    call(client, "post", alice, {"sku_id": berry.pk, "count": 20})
    answer = call(client, "post", alice, {"sku_id": berry.pk, "count": 1})
    assert answer["code"] == ErrorCode.CARTS_OVER_STOCK and answer["stock"] == 20
    answer = call(client, "put", alice, {"sku_id": berry.pk, "state": "add"})
    assert answer["code"] == ErrorCode.CARTS_OVER_STOCK
    assert call(client, "get", alice)["data"][0]["count"] == 20


@pytest.mark.parametrize(
    ("method", "body"),
    [
        ("post", {"sku_id": "abc", "count": 1}),
        ("post", {"sku_id": 1, "count": "two"}),
        ("post", {"sku_id": 1, "count": 0}),
        ("post", {"sku_id": 1, "count": -2}),
        ("post", {"sku_id": 1.5, "count": 1}),
        ("post", {"count": 1}),
        ("post", {"sku_id": [1, 2], "count": 1}),
        ("put", {"sku_id": 1, "state": "explode"}),
        ("put", {"sku_id": 1}),
        ("put", {"state": "add"}),
        ("put", {"state": "selectall", "sku_id": ["x"]}),
        ("delete", {}),
        ("delete", {"sku_id": "1; DROP TABLE"}),
    ],
)
def test_bad_input_is_a_carts_bad_parameter(client, alice, berry, method, body):
    assert call(client, method, alice, body)["code"] == ErrorCode.CARTS_BAD_PARAMETER


def test_a_count_past_the_cart_limit_is_the_count_limit(client, alice, berry):
    answer = call(client, "post", alice, {"sku_id": berry.pk, "count": 10**9})
    assert answer["code"] == ErrorCode.CARTS_COUNT_LIMIT


def test_a_body_that_is_not_an_object_is_a_bad_parameter(client, alice):
    token = issue_token(alice)
    answer = client.post(
        "/v1/carts/alice", "[1, 2]", content_type="application/json", HTTP_AUTHORIZATION=token
    ).json()
    assert answer["code"] == ErrorCode.CARTS_BAD_PARAMETER


def test_unknown_or_unlaunched_skus_and_lines_not_in_the_cart(client, alice, fruit):
    apple = fruit["apples"][0]
    apple.is_launched = False
    apple.save()
    assert call(client, "post", alice, {"sku_id": apple.pk, "count": 1})["code"] == (
        ErrorCode.CARTS_SKU_NOT_FOUND
    )
    assert call(client, "post", alice, {"sku_id": 99999, "count": 1})["code"] == (
        ErrorCode.CARTS_SKU_NOT_FOUND
    )
    other = fruit["apples"][1].pk
    assert call(client, "put", alice, {"sku_id": other, "state": "add"})["code"] == (
        ErrorCode.CARTS_LINE_NOT_FOUND
    )
    assert call(client, "delete", alice, {"sku_id": other})["code"] == (
        ErrorCode.CARTS_LINE_NOT_FOUND
    )


def test_too_many_lines(client, alice, fruit, settings):
    settings.SHOPKIT_CART_MAX_LINES = 1
    call(client, "post", alice, {"sku_id": fruit["apples"][0].pk, "count": 1})
    answer = call(client, "post", alice, {"sku_id": fruit["apples"][1].pk, "count": 1})
    assert answer["code"] == ErrorCode.CARTS_TOO_MANY_LINES


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_another_users_path_is_a_user_mismatch(client, alice, bob, berry, method):
    body = None if method == "get" else {"sku_id": berry.pk, "count": 1, "state": "add"}
    answer = call(client, method, alice, body, path_user=bob)
    assert answer["code"] == ErrorCode.CARTS_USER_MISMATCH
    assert services.user_store(bob).lines() == []


def test_without_a_token_the_answer_is_please_login(client, alice):
    assert client.get("/v1/carts/alice").json()["code"] == 403
    bad = client.get("/v1/carts/alice", HTTP_AUTHORIZATION="Bearer nonsense").json()
    assert bad["code"] == 403


def test_the_cart_the_api_changes_is_the_one_the_storefront_shows(client, alice, berry):
    call(client, "post", alice, {"sku_id": berry.pk, "count": 4})
    client.force_login(alice)
    page = client.get("/cart/").content.decode()
    assert "新鲜草莓 500g" in page and 'value="4"' in page


def test_login_merges_the_offline_cart_and_answers_the_count(client, alice, fruit):
    from tests.fixtures.accounts import PASSWORD

    apples = fruit["apples"]
    call(client, "post", alice, {"sku_id": apples[0].pk, "count": 1})
    offline = [
        {"id": str(apples[0].pk), "count": "3", "name": "苹果 0"},
        {"id": apples[1].pk, "count": 2},
    ]
    body = {"username": "alice", "password": PASSWORD, "cart": offline}
    answer = client.post("/v1/tokens", json.dumps(body), content_type="application/json").json()
    assert answer["code"] == 200 and answer["carts_count"] == answer["len"] == 2
    listed = call(client, "get", alice)["data"]
    assert [(item["id"], item["count"]) for item in listed] == [
        (apples[0].pk, 3),
        (apples[1].pk, 2),
    ]


def test_the_schema_documents_the_cart_paths(client):
    schema = client.get("/v1/openapi.json").json()
    assert set(schema["paths"]["/v1/carts/{username}"]) == {"get", "post", "put", "delete"}
