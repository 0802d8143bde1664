"""The storefront cart: the page, its JSON endpoints, the header count, the
cookie cart of anonymous shoppers and its merge on login."""

import json

import pytest

from shopkit.cart import services
from shopkit.core.codes import ErrorCode
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def act(client, action, **fields):
    return client.post(f"/cart/{action}", fields, HTTP_ACCEPT="application/json").json()


def test_anonymous_add_keeps_the_cart_in_a_signed_cookie(client, berry):
    answer = act(client, "add", sku_id=berry.pk, count="2")
    assert answer["code"] == 200 and answer["count"] == 1
    assert answer["lines"] == [
        {"sku_id": berry.pk, "count": 2, "selected": True, "amount": "59.80"}
    ]
    assert client.cookies["shopkit_cart"]["httponly"]
    page = client.get("/cart/").content.decode()
    assert "新鲜草莓 500g" in page and "规格: 500g" in page and 'value="2"' in page
    assert '<em id="cart-count">1</em>' in page and 'id="selected-amount">59.80<' in page


def test_every_action_answers_the_whole_cart_with_totals(client, fruit):
    apples = fruit["apples"]  # prices 10.00, 11.00, 12.00
    for apple in apples:
        act(client, "add", sku_id=apple.pk, count=1)
    act(client, "increment", sku_id=apples[0].pk)
    act(client, "set", sku_id=apples[1].pk, count="4")
    act(client, "decrement", sku_id=apples[1].pk)
    answer = act(client, "unselect", sku_id=apples[2].pk)
    assert (answer["selected_count"], answer["selected_amount"]) == (5, "53.00")
    assert answer["all_selected"] is False
    answer = act(client, "selectall")
    assert (answer["selected_count"], answer["all_selected"]) == (6, True)
    answer = act(client, "unselectall")
    assert (answer["selected_count"], answer["selected_amount"]) == (0, "0.00")
    act(client, "select", sku_id=apples[0].pk)
    answer = act(client, "delete", sku_id=apples[1].pk)
    assert answer["count"] == 2 and answer["selected_amount"] == "20.00"


def test_refusals_are_translated_and_carry_the_cart(client, berry):
    act(client, "add", sku_id=berry.pk, count=20)
    answer = act(client, "increment", sku_id=berry.pk)
    assert answer["code"] == ErrorCode.CARTS_OVER_STOCK and answer["stock"] == 20
    assert answer["error"] == "库存不足" and answer["lines"][0]["count"] == 20
    refused = act(client, "set", sku_id=berry.pk, count="x")
    assert refused["code"] == ErrorCode.CARTS_BAD_PARAMETER
    assert refused["error"] == "count 须为整数。"
    assert act(client, "explode", sku_id=berry.pk)["code"] == ErrorCode.NOT_FOUND
    body = client.post(
        "/cart/add", "[1]", content_type="application/json", HTTP_ACCEPT="application/json"
    ).json()
    assert body["code"] == ErrorCode.CARTS_BAD_PARAMETER


def test_json_bodies_are_read_too(client, berry):
    answer = client.post(
        "/cart/add",
        json.dumps({"sku_id": berry.pk, "count": 3}),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
    ).json()
    assert answer["lines"][0]["count"] == 3


def test_the_endpoints_need_post_and_csrf(berry):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/cart/add").status_code == 405
    assert strict.post("/cart/add", {"sku_id": berry.pk}).status_code == 403
    strict.get("/cart/")
    token = strict.cookies["csrftoken"].value
    answer = strict.post(
        "/cart/add",
        {"sku_id": berry.pk, "count": 1},
        HTTP_X_CSRFTOKEN=token,
        HTTP_ACCEPT="application/json",
    ).json()
    assert answer["code"] == 200


def test_a_form_post_without_script_redirects(client, berry):
    response = client.post("/cart/add", {"sku_id": berry.pk, "count": 1})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    detail = f"http://testserver/goods/{berry.pk}"
    response = client.post("/cart/add", {"sku_id": berry.pk, "count": 99}, HTTP_REFERER=detail)
    assert response["Location"] == detail
    response = client.post(
        "/cart/add", {"sku_id": berry.pk, "count": 99}, HTTP_REFERER="https://evil.example/"
    )
    assert response["Location"] == "/cart/"
    assert "库存不足" in client.get("/cart/").content.decode()
    client.post("/cart/add", {"sku_id": berry.pk, "count": 0}, HTTP_REFERER=detail)
    assert "count 须为正数。" in client.get("/cart/").content.decode()


def test_a_tampered_cookie_is_an_empty_cart(client, berry):
    act(client, "add", sku_id=berry.pk, count=2)
    value = client.cookies["shopkit_cart"].value
    client.cookies["shopkit_cart"] = value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
    response = client.get("/cart/")
    assert "新鲜草莓" not in response.content.decode()
    assert response.cookies["shopkit_cart"].value == ""  # the bad cookie is deleted


def test_the_empty_cart_page(client, db):
    page = client.get("/cart/").content.decode()
    assert "购物车是空的" in page and '<em id="cart-count">0</em>' in page
    assert "cart-table" not in page


def test_the_cart_page_checks_out_to_settlement_and_loads_its_script(client, berry):
    act(client, "add", sku_id=berry.pk, count=1)
    page = client.get("/cart/").content.decode()
    assert "/static/shopkit/js/cart.js" in page and "csrfmiddlewaretoken" in page
    assert 'class="button primary checkout" href="/orders/settlement/"' in page


def test_detail_page_offers_add_to_cart_and_the_header_counts_lines(client, fruit, alice):
    berry = fruit["berries"]["500g"]
    services.add(services.user_store(alice), fruit["apples"][0].pk, 1)
    page = client.get(f"/goods/{berry.pk}").content.decode()
    assert 'class="add-to-cart"' in page and 'action="/cart/add"' in page
    assert '<em id="cart-count">0</em>' in page
    client.force_login(alice)
    page = client.get(f"/goods/{berry.pk}").content.decode()
    assert '<em id="cart-count">1</em>' in page  # the page data cache holds no cart


def test_session_login_merges_the_cookie_cart_and_clears_the_cookie(client, alice, fruit):
    apples = fruit["apples"]
    services.add(services.user_store(alice), apples[0].pk, 5)
    act(client, "add", sku_id=apples[0].pk, count=2)
    act(client, "add", sku_id=apples[1].pk, count=3)
    response = client.post("/user/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["shopkit_cart"].value == ""
    assert services.selected_lines(alice) == [(apples[0].pk, 5), (apples[1].pk, 3)]
    assert '<em id="cart-count">2</em>' in client.get("/cart/").content.decode()


def test_the_static_home_page_shows_the_cart_link_without_a_count(db):
    from shopkit.content.static_index import render_index_html

    html = render_index_html()
    assert 'class="cart-link" href="/cart/"' in html and "cart-count" not in html
