"""The API's hot answers come from caches, and every catalogue or account
write that changes them shows in the very next answer.

The writes commit (``transaction=True``), so their after-commit invalidation
and index refresh run as in production.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopkit.core.codes import ErrorCode
from shopkit.core.tokens import issue_token
from shopkit.goods.models import SaleAttributeValue
from tests.fixtures.catalogue import make_skus

pytestmark = pytest.mark.django_db(transaction=True)


def add(client, user, sku_id, count=1):
    body = json.dumps({"sku_id": sku_id, "count": count})
    return client.post(
        f"/v1/carts/{user.get_username()}",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=issue_token(user),
    ).json()


def cart(client, user):
    path = f"/v1/carts/{user.get_username()}"
    return client.get(path, HTTP_AUTHORIZATION=issue_token(user)).json()


def detail(client, sku):
    return client.get(f"/v1/goods/detail/{sku.pk}").json()


def search(client, query):
    return client.post("/v1/goods/search", json.dumps({"q": query}), "application/json").json()


def line(answer, sku):
    return next(item for item in answer["data"] if item["id"] == sku.pk)


def test_the_cart_answer_follows_price_name_and_sale_value_changes(client, alice, fruit):
    berry = fruit["berries"]["500g"]
    assert line(add(client, alice, berry.pk), berry)["price"] == "29.90"
    berry.price, berry.name = "31.00", "奶油草莓 500g"
    berry.save()
    item = line(cart(client, alice), berry)
    assert (item["price"], item["name"]) == ("31.00", "奶油草莓 500g")
    value = SaleAttributeValue.objects.get(name="500g")
    value.name = "半斤"
    value.save()
    assert line(add(client, alice, berry.pk), berry)["sku_sale_attr_val"] == ["半斤"]


def test_adding_follows_stock_and_launch_changes(client, alice, fruit):
    berry = fruit["berries"]["500g"]
    assert add(client, alice, berry.pk, 5)["code"] == 200
    berry.stock = 6
    berry.save()
    assert add(client, alice, berry.pk, 2)["code"] == ErrorCode.CARTS_OVER_STOCK
    berry.stock = 7
    berry.save()
    assert line(add(client, alice, berry.pk, 2), berry)["count"] == 7
    berry.is_launched = False
    berry.save()
    assert add(client, alice, berry.pk)["code"] == ErrorCode.CARTS_SKU_NOT_FOUND
    berry.delete()
    assert cart(client, alice)["data"] == []


def test_goods_answers_follow_price_launch_and_category_changes(client, fruit):
    berry = fruit["berries"]["500g"]
    make_skus(fruit["category"], 1, prefix="猕猴桃")  # the index shows categories of 3+
    assert detail(client, berry)["data"]["price"] == "29.90"
    index = client.get("/v1/goods/index").json()
    assert index["data"][0]["catalog_name"] == "新鲜水果"
    berry.price = "25.00"
    berry.save()
    assert detail(client, berry)["data"]["price"] == "25.00"
    category = fruit["category"]
    category.name = "时令水果"
    category.save()
    assert detail(client, berry)["data"]["catalog_name"] == "时令水果"
    assert client.get("/v1/goods/index").json()["data"][0]["catalog_name"] == "时令水果"
    berry.is_launched = False
    berry.save()
    assert detail(client, berry)["code"] == ErrorCode.GOODS_SKU_NOT_FOUND


def test_searches_follow_price_name_and_launch_changes(client, fruit, empty_index):
    berry = fruit["berries"]["500g"]
    berry.save()  # indexed after commit
    assert [card["price"] for card in search(client, "500g")["data"]] == ["29.90"]
    berry.price = "19.90"
    berry.save()
    assert [card["price"] for card in search(client, "500g")["data"]] == ["19.90"]
    assert search(client, "奶油")["data"] == []
    berry.name = "奶油草莓 500g"
    berry.save()
    assert [card["skuid"] for card in search(client, "奶油")["data"]] == [berry.pk]
    berry.is_launched = False
    berry.save()
    assert search(client, "奶油")["data"] == []


def test_two_shoppers_interleaved_each_see_only_their_own_cart(client, alice, bob, fruit):
    berry, apple = fruit["berries"]["500g"], fruit["apples"][0]
    for _ in range(2):
        theirs = add(client, alice, berry.pk)
        ours = add(client, bob, apple.pk, 3)
        assert [item["id"] for item in theirs["data"]] == [berry.pk]
        assert [item["id"] for item in ours["data"]] == [apple.pk]
    assert line(cart(client, alice), berry)["count"] == 2
    assert line(cart(client, bob), apple)["count"] == 6
    path_of_alice = client.post(
        f"/v1/carts/{alice.get_username()}",
        json.dumps({"sku_id": apple.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=issue_token(bob),
    ).json()
    assert path_of_alice["code"] == ErrorCode.CARTS_USER_MISMATCH
    assert [item["id"] for item in cart(client, alice)["data"]] == [berry.pk]


def queries_of(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def test_cart_calls_cost_no_query_when_warm_whatever_the_catalogue_size(client, alice, fruit):
    apple, berry = fruit["apples"][0], fruit["berries"]["1kg"]
    counts = []
    for extra in (0, 45):  # 5 SKUs, then 10 times as many
        if extra:
            make_skus(fruit["category"], extra, prefix="梨")
        add(client, alice, apple.pk)
        add(client, alice, berry.pk)
        counts.append(
            (
                queries_of(lambda: add(client, alice, apple.pk)),
                queries_of(lambda: cart(client, alice)),
            )
        )
    assert counts == [(0, 0), (0, 0)]


def test_a_deactivation_or_password_change_refuses_a_cached_token_user(client, alice, berry):
    token = issue_token(alice)
    path = f"/v1/carts/{alice.get_username()}"
    assert client.get(path, HTTP_AUTHORIZATION=token).json()["code"] == 200
    alice.is_active = False
    alice.save()
    assert client.get(path, HTTP_AUTHORIZATION=token).json()["code"] == 403
    alice.is_active = True
    alice.save()
    assert client.get(path, HTTP_AUTHORIZATION=token).json()["code"] == 200
    alice.set_password("An0ther-passw0rd")
    alice.save()
    assert client.get(path, HTTP_AUTHORIZATION=token).json()["code"] == 403
