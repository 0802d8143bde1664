"""``/v1/orders/…`` as API.md §5: settle, create, pay again, list, receipt, comments, result."""

from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from shopkit.cart import services as cart
from shopkit.core.codes import ErrorCode
from shopkit.goods.models import SKU
from shopkit.orders.lifecycle import ship
from shopkit.orders.models import Order, OrderLine, OrderStatus
from shopkit.orders.states import apply_transition
from tests.fixtures.api import call

pytestmark = pytest.mark.django_db


def settle_buy_now(client, user, sku, count):
    query = f"status=0&settlement_type=1&sku_id={sku.pk}&buy_num={count}"
    return call(client, "get", f"/v1/orders/processing/?{query}", user)


def create(client, user, address, settlement_type, **extra):
    body = {"status": 0, "address_id": address.pk, "settlement_type": settlement_type, **extra}
    return call(client, "post", "/v1/orders/processing/", user, body)


def test_buy_now_settles_then_creates_with_the_remembered_choice(
    client, fruit, buyer, buyer_address
):
    berry = fruit["berries"]["1kg"]
    answer = settle_buy_now(client, buyer, berry, "2")
    assert answer["code"] == 200 and answer["base_url"].startswith("http")
    data = answer["data"]
    assert data["addresses"] == [
        {"id": buyer_address.pk, "name": "张三", "address": buyer_address.address,
         "mobile": "13800138000", "title": ""},
    ]  # fmt: skip
    [line] = data["sku_list"]
    assert (line["sku_id"], line["count"], line["price"]) == (berry.pk, 2, "55.00")
    assert line["sku_sale_attr_names"] == line["sku_sale_attr_name"] == ["规格"]
    assert line["sku_sale_attr_vals"] == line["sku_sale_attr_val"] == ["1kg"]
    assert (data["total_count"], data["total_amount"]) == (2, "110.00")
    assert (data["transit"], data["payment_amount"]) == ("0.00", "110.00")

    created = create(client, buyer, buyer_address, 1)
    assert created["code"] == 200, created
    order = Order.objects.get(pk=created["data"]["order_id"])
    assert created["data"]["total_amount"] == "110.00" == str(order.total_amount)
    assert created["data"]["saller"] == "天天生鲜"  # SHOPKIT_SHOP_NAME
    assert created["data"]["pay_url"].startswith("http")
    assert created["data"]["carts_count"] == 0
    assert [(line.sku_id, line.count) for line in order.lines.all()] == [(berry.pk, 2)]


@pytest.mark.django_db(transaction=True)  # the cart is emptied after commit
def test_creating_from_the_cart_orders_the_selected_lines_and_empties_them(
    client, fruit, buyer, buyer_address
):
    berry, apple, pear = fruit["berries"]["1kg"], fruit["apples"][0], fruit["apples"][1]
    store = cart.user_store(buyer)
    cart.add(store, berry.pk, 1)
    cart.add(store, apple.pk, 3)
    cart.add(store, pear.pk, 1)
    cart.unselect(store, pear.pk)
    settled = call(client, "get", "/v1/orders/processing/?status=0&settlement_type=0", buyer)
    assert [line["sku_id"] for line in settled["data"]["sku_list"]] == sorted([berry.pk, apple.pk])
    created = create(client, buyer, buyer_address, 0)
    assert created["code"] == 200, created
    assert created["data"]["carts_count"] == 1
    assert [line.sku_id for line in cart.user_store(buyer).lines()] == [pear.pk]


def test_a_double_submit_creates_one_order(client, fruit, buyer, buyer_address):
    settle_buy_now(client, buyer, fruit["apples"][0], 1)
    first = create(client, buyer, buyer_address, 1)
    second = create(client, buyer, buyer_address, 1)
    assert first["data"]["order_id"] == second["data"]["order_id"]
    assert Order.objects.count() == 1
    assert SKU.objects.get(pk=fruit["apples"][0].pk).stock == 99


@pytest.mark.parametrize(
    "query, code",
    [
        ("status=0&settlement_type=1&sku_id=abc&buy_num=1", ErrorCode.ORDERS_BAD_PARAMETER),
        ("status=0&settlement_type=1&sku_id=1&buy_num=0", ErrorCode.ORDERS_BAD_PARAMETER),
        ("status=0&settlement_type=1&sku_id=1&buy_num=-2", ErrorCode.ORDERS_BAD_PARAMETER),
        ("status=0&settlement_type=1&sku_id=1&buy_num=100000", ErrorCode.ORDERS_LIMIT_EXCEEDED),
        ("status=0&settlement_type=1&sku_id=999999&buy_num=1", ErrorCode.ORDERS_SKU_UNAVAILABLE),
        ("status=0&settlement_type=1", ErrorCode.ORDERS_NOTHING_TO_BUY),
        ("status=0&settlement_type=0", ErrorCode.ORDERS_NOTHING_TO_BUY),
        ("status=0&settlement_type=7", ErrorCode.ORDERS_BAD_PARAMETER),
        ("status=9", ErrorCode.ORDERS_BAD_PARAMETER),
        ("status=1&order_status=8", ErrorCode.ORDERS_BAD_PARAMETER),
        ("", ErrorCode.ORDERS_BAD_PARAMETER),
    ],
)
def test_bad_queries_get_the_orders_codes(client, fruit, buyer, query, code):
    assert call(client, "get", f"/v1/orders/processing/?{query}", buyer)["code"] == code


def test_orders_need_a_token(client):
    assert call(client, "get", "/v1/orders/processing/?status=1", None)["code"] == 403


def test_over_stock_creates_nothing(client, fruit, buyer, buyer_address):
    berry = fruit["berries"]["1kg"]
    settle_buy_now(client, buyer, berry, 20)
    SKU.objects.filter(pk=berry.pk).update(stock=5)
    created = create(client, buyer, buyer_address, 1)
    assert created["code"] == ErrorCode.ORDERS_OUT_OF_STOCK
    assert not Order.objects.exists() and SKU.objects.get(pk=berry.pk).stock == 5


def test_another_users_address_is_not_found(client, fruit, buyer, buyer_address, alice):
    settle_buy_now(client, alice, fruit["apples"][0], 1)
    assert create(client, alice, buyer_address, 1)["code"] == ErrorCode.USERS_ADDRESS_NOT_FOUND


def place(client, user, address, sku, count=1):
    settle_buy_now(client, user, sku, count)
    return Order.objects.get(pk=create(client, user, address, 1)["data"]["order_id"])


def test_the_list_filters_by_status_and_has_the_documented_shape(
    client, fruit, buyer, buyer_address
):
    unpaid = place(client, buyer, buyer_address, fruit["apples"][0])
    paid = place(client, buyer, buyer_address, fruit["apples"][1])
    apply_transition(paid.pk, "pay")
    everything = call(client, "get", "/v1/orders/processing/?status=1&order_status=0", buyer)
    assert {o["order_id"] for o in everything["data"]["orders_list"]} == {unpaid.pk, paid.pk}
    listed = call(client, "get", "/v1/orders/processing/?status=1&order_status=2", buyer)
    [order] = listed["data"]["orders_list"]
    assert order["order_id"] == paid.pk and order["status"] == 2
    assert order["order_total_amount"] == "21.00" and order["order_freight"] == "10.00"
    placed_at = timezone.localtime(paid.created).replace(microsecond=0, tzinfo=None)
    assert order["order_time"] == placed_at.isoformat(sep=" ")  # the shop's time, to the second
    [line] = order["order_sku"]
    assert line["id"] == fruit["apples"][1].pk and line["total_amount"] == "11.00"
    per_user = call(client, "get", "/v1/orders/buyer?type=1", buyer)
    assert [o["order_id"] for o in per_user["data"]["orders_list"]] == [unpaid.pk]


def test_paying_an_existing_order_answers_like_creation(client, fruit, buyer, buyer_address):
    order = place(client, buyer, buyer_address, fruit["apples"][0])
    body = {"status": 1, "order_id": order.pk}
    again = call(client, "post", "/v1/orders/processing/", buyer, body)
    assert again["code"] == 200 and again["data"]["order_id"] == order.pk
    typed = call(client, "get", f"/v1/orders/buyer?type=5&order_id={order.pk}", buyer)
    assert typed["data"]["pay_url"] and typed["data"]["total_amount"] == "20.00"
    apply_transition(order.pk, "pay")
    paid = call(client, "post", "/v1/orders/processing/", buyer, body)
    assert paid["code"] == ErrorCode.ORDERS_ILLEGAL_TRANSITION


def test_receipt_and_comments_complete_the_order(client, fruit, buyer, buyer_address):
    apple = fruit["apples"][0]
    order = place(client, buyer, buyer_address, apple)
    early = call(client, "get", f"/v1/orders/processing/?status=2&order_id={order.pk}", buyer)
    assert early["code"] == ErrorCode.ORDERS_ILLEGAL_TRANSITION
    apply_transition(order.pk, "pay")
    ship(order.pk)
    received = call(client, "put", "/v1/orders/buyer", buyer, {"order_id": order.pk})
    assert received == {"code": 200, "data": {"order_id": order.pk, "status": 4}}
    comment = {"sku_id": str(apple.pk), "content": "脆甜", "score": "4", "is_anonymous": True}
    path = "/v1/orders/buyer/comments"
    bad = call(client, "post", path, buyer, {"order_id": order.pk, "comments": "nope"})
    assert bad["code"] == ErrorCode.ORDERS_BAD_PARAMETER
    done = call(client, "post", path, buyer, {"order_id": order.pk, "comments": [comment]})
    assert done == {"code": 200, "data": {"completed": True}}
    assert Order.objects.get(pk=order.pk).status == OrderStatus.COMPLETED
    twice = call(client, "post", path, buyer, {"order_id": order.pk, "comments": [comment]})
    assert twice["code"] == ErrorCode.ORDERS_NOT_COMMENTABLE
    detail = client.get(f"/v1/goods/detail/{apple.pk}").json()["data"]
    assert [(c["content"], c["score"], c["name"]) for c in detail["comments"]] == [
        ("脆甜", 4, None)
    ]
    commented_at = OrderLine.objects.get(order=order).commented_at
    shop_clock = timezone.localtime(commented_at).replace(microsecond=0, tzinfo=None)
    assert detail["comments"][0]["created"] == shop_clock.isoformat(sep=" ")


def test_per_user_paths_must_match_the_token(client, fruit, buyer, alice):
    for method, path in [
        ("get", "/v1/orders/buyer?type=0"),
        ("get", "/v1/orders/buyer/advance?settlement_type=0"),
        ("post", "/v1/orders/buyer"),
        ("put", "/v1/orders/buyer"),
        ("post", "/v1/orders/buyer/comments"),
    ]:
        answer = call(client, method, path, alice, None if method == "get" else {})
        assert answer["code"] == ErrorCode.ORDERS_USER_MISMATCH, path


def test_the_result_page_confirms_a_sandbox_payment(client, fruit, buyer, buyer_address):
    order = place(client, buyer, buyer_address, fruit["apples"][0])
    pay_url = call(
        client, "post", "/v1/orders/processing/", buyer, {"status": 1, "order_id": order.pk}
    )
    sandbox_path = urlsplit(pay_url["data"]["pay_url"]).path
    page = client.get(sandbox_path)
    assert page.status_code == 200
    paid = client.post(sandbox_path, {"action": "pay"})
    assert paid.status_code == 302
    returned = urlsplit(paid["Location"])
    params = dict(parse_qsl(returned.query))
    answer = client.get("/v1/orders/result/", params).json()
    assert answer == {
        "code": 200,
        "data": {"order_id": order.pk, "total_amount": str(Decimal("20.00"))},
    }
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_a_forged_result_is_refused(client, fruit, buyer, buyer_address):
    order = place(client, buyer, buyer_address, fruit["apples"][0])
    answer = client.get(f"/v1/orders/result/?out_trade_no={order.pk}&sign=forged").json()
    assert answer["code"] == ErrorCode.PAYS_SIGNATURE_INVALID
    assert Order.objects.get(pk=order.pk).status == OrderStatus.UNPAID


def test_an_unpaid_return_is_not_confirmed_and_carries_the_order(
    client, fruit, buyer, buyer_address
):
    order = place(client, buyer, buyer_address, fruit["apples"][0])
    answer = call(
        client, "post", "/v1/orders/processing/", buyer, {"status": 1, "order_id": order.pk}
    )
    cancelled = client.post(urlsplit(answer["data"]["pay_url"]).path, {"action": "cancel"})
    params = dict(parse_qsl(urlsplit(cancelled["Location"]).query))
    result = client.get("/v1/orders/result/", params).json()
    assert result["code"] == ErrorCode.PAYS_NOT_CONFIRMED
    assert result["data"] == {"order_id": order.pk, "total_amount": "20.00"}
    assert Order.objects.get(pk=order.pk).status == OrderStatus.UNPAID


def _provider_refused_create_changes_nothing(client, fruit, buyer, buyer_address):
    berry = fruit["berries"]["1kg"]
    store = cart.user_store(buyer)
    cart.add(store, berry.pk, 2)
    answer = create(client, buyer, buyer_address, 0)
    assert answer["code"] == ErrorCode.PAYS_PROVIDER_UNKNOWN, answer
    berry.refresh_from_db()
    assert not Order.objects.exists() and (berry.stock, berry.sales) == (20, 0)
    assert [(line.sku_id, line.count) for line in store.lines()] == [(berry.pk, 2)]


@pytest.mark.django_db(transaction=True)  # the cart would be emptied on commit
def test_create_with_an_inactive_default_provider_answers_10502_and_places_nothing(
    client, fruit, buyer, buyer_address, settings
):
    settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER = "alipay"  # configured, not active
    _provider_refused_create_changes_nothing(client, fruit, buyer, buyer_address)


@pytest.mark.services("postgres")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_create_with_an_inactive_default_provider_places_nothing(
    client, fruit, buyer, buyer_address, settings
):
    settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER = "alipay"
    _provider_refused_create_changes_nothing(client, fruit, buyer, buyer_address)


def test_a_cart_store_down_after_placing_still_answers_the_placed_order(
    client, fruit, buyer, buyer_address, monkeypatch
):
    def down(request, user=None):
        raise ConnectionError("cart store down")

    monkeypatch.setattr("shopkit.api.orders.cart_count", down)
    settle_buy_now(client, buyer, fruit["apples"][0], "1")
    created = create(client, buyer, buyer_address, 1)
    assert created["code"] == 200, created
    assert Order.objects.filter(pk=created["data"]["order_id"]).exists()
    assert created["data"]["carts_count"] == 0
