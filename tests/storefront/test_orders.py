"""Storefront order pages: settlement, the user centre's orders tab and its actions."""

from dataclasses import replace

import pytest

from shopkit.accounts import addresses
from shopkit.accounts.models import Address
from shopkit.cart import services as cart
from shopkit.goods.models import SKU
from shopkit.orders.lifecycle import ship
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.placement import place_order
from shopkit.orders.states import apply_transition


def test_settlement_needs_login(client, fruit):
    answer = client.get(f"/orders/settlement/?sku_id={fruit['apples'][0].pk}&count=1")
    assert answer.status_code == 302 and "/user/login/" in answer["Location"]


def test_buy_now_settlement_shows_lines_totals_addresses_and_providers(
    shopper, fruit, buyer_address
):
    berry = fruit["berries"]["1kg"]
    page = shopper.get(f"/orders/settlement/?sku_id={berry.pk}&count=2").content.decode()
    assert berry.name in page and "规格: 1kg" in page
    assert 'id="payment-amount">110.00<' in page and 'id="freight">0.00<' in page
    assert buyer_address.address in page and 'value="sandbox"' in page


def test_placing_from_the_page_redirects_to_the_payment_and_keeps_the_cart(
    shopper, fruit, buyer, buyer_address
):
    apple, berry = fruit["apples"][0], fruit["berries"]["1kg"]
    cart.add(cart.user_store(buyer), berry.pk, 1)
    answer = shopper.post(
        "/orders/settlement/",
        {"sku_id": apple.pk, "count": "3", "address": buyer_address.pk, "provider": "sandbox"},
    )
    order = Order.objects.get()
    assert answer.status_code == 302 and "/pay/sandbox/" in answer["Location"]
    assert [(line.sku_id, line.count) for line in order.lines.all()] == [(apple.pk, 3)]
    assert [line.sku_id for line in cart.user_store(buyer).lines()] == [berry.pk]


@pytest.mark.django_db(transaction=True)  # the cart is emptied after commit
def test_placing_from_the_cart_takes_selected_lines_and_removes_them(
    shopper, fruit, buyer, buyer_address
):
    apple, pear = fruit["apples"][0], fruit["apples"][1]
    store = cart.user_store(buyer)
    cart.add(store, apple.pk, 2)
    cart.add(store, pear.pk, 1)
    cart.unselect(store, pear.pk)
    page = shopper.get("/orders/settlement/").content.decode()
    assert apple.name in page and pear.name not in page
    shopper.post("/orders/settlement/", {"address": buyer_address.pk, "provider": "sandbox"})
    assert [line.sku_id for line in Order.objects.get().lines.all()] == [apple.pk]
    assert [line.sku_id for line in cart.user_store(buyer).lines()] == [pear.pk]


def test_an_empty_selection_goes_back_to_the_cart(shopper, fruit):
    answer = shopper.get("/orders/settlement/", follow=True)
    assert answer.redirect_chain[-1][0].endswith("/cart/")


def test_bad_form_input_places_nothing(shopper, fruit, buyer_address, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", "s@example.com", "pw-x-12345")
    foreign = Address.objects.create(
        user=stranger, receiver="李四", address="上海", receiver_mobile="13900000000"
    )
    apple = fruit["apples"][0]
    for data in [
        {"sku_id": apple.pk, "count": "1", "address": foreign.pk, "provider": "sandbox"},
        {"sku_id": apple.pk, "count": "1", "address": buyer_address.pk, "provider": "nope"},
        {"sku_id": apple.pk, "count": "x", "address": buyer_address.pk, "provider": "sandbox"},
        {"sku_id": apple.pk, "count": "1", "address": "abc", "provider": "sandbox"},
    ]:
        answer = shopper.post("/orders/settlement/", data, follow=True)
        assert answer.status_code == 200
    assert not Order.objects.exists() and SKU.objects.get(pk=apple.pk).stock == 100


def test_sold_out_shows_a_message_and_keeps_the_stock(shopper, fruit, buyer_address):
    berry = fruit["berries"]["1kg"]
    SKU.objects.filter(pk=berry.pk).update(stock=1)
    answer = shopper.post(
        "/orders/settlement/",
        {"sku_id": berry.pk, "count": "2", "address": buyer_address.pk, "provider": "sandbox"},
        follow=True,
    )
    assert [str(message) for message in answer.context["messages"]] == [f"{berry.name}：仅剩 1 件"]
    assert not Order.objects.exists()


@pytest.fixture
def orders(fruit, buyer, buyer_address):
    unpaid = place_order(buyer, buyer_address.pk, [(fruit["apples"][0].pk, 1)])
    shipped = place_order(buyer, buyer_address.pk, [(fruit["apples"][1].pk, 1)])
    apply_transition(shipped.pk, "pay")
    ship(shipped.pk)
    return {"unpaid": unpaid, "shipped": shipped}


def test_the_orders_tab_filters_by_status_and_offers_the_right_actions(shopper, orders):
    unpaid, shipped = orders["unpaid"], orders["shipped"]
    everything = shopper.get("/orders/").content.decode()
    assert unpaid.order_id in everything and shipped.order_id in everything
    awaiting = shopper.get("/orders/?status=1").content.decode()
    assert unpaid.order_id in awaiting and shipped.order_id not in awaiting
    assert f"/pay/{unpaid.order_id}/" in awaiting
    on_the_way = shopper.get("/orders/?status=3").content.decode()
    assert f"/orders/{shipped.order_id}/receive/" in on_the_way
    assert shopper.get("/orders/?status=zzz").status_code == 200  # falls back to all


def test_receipt_then_comment_completes_the_order(shopper, orders, fruit):
    shipped = orders["shipped"]
    answer = shopper.post(f"/orders/{shipped.order_id}/receive/")
    assert answer["Location"] == f"/orders/{shipped.order_id}/comment/"
    form = shopper.get(answer["Location"]).content.decode()
    sku_id = fruit["apples"][1].pk
    assert f'name="content-{sku_id}"' in form
    empty = shopper.post(answer["Location"], {f"content-{sku_id}": "  "})
    assert empty.status_code == 200
    assert Order.objects.get(pk=shipped.pk).status == OrderStatus.RECEIVED
    done = shopper.post(answer["Location"], {f"content-{sku_id}": "新鲜", f"score-{sku_id}": "5"})
    assert done["Location"] == "/orders/?status=4"
    assert Order.objects.get(pk=shipped.pk).status == OrderStatus.COMPLETED
    bad_score = shopper.post(answer["Location"], {f"content-{sku_id}": "x", f"score-{sku_id}": "9"})
    assert bad_score.status_code == 200


def test_cancel_restores_stock_and_paid_orders_stay(shopper, orders, fruit):
    unpaid, shipped = orders["unpaid"], orders["shipped"]
    shopper.post(f"/orders/{unpaid.order_id}/cancel/", {"tab": "1"})
    assert Order.objects.get(pk=unpaid.pk).status == OrderStatus.CANCELLED
    assert SKU.objects.get(pk=fruit["apples"][0].pk).stock == 100
    refused = shopper.post(f"/orders/{shipped.order_id}/cancel/", follow=True)
    assert refused.status_code == 200
    assert Order.objects.get(pk=shipped.pk).status == OrderStatus.SHIPPED


def test_someone_elses_order_is_not_found(client, orders, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", "s@example.com", "pw-x-12345")
    client.force_login(stranger)
    order_id = orders["unpaid"].order_id
    assert client.get(f"/orders/{order_id}/comment/").status_code == 404
    assert client.post(f"/orders/{order_id}/cancel/").status_code == 404
    client.post(f"/orders/{orders['shipped'].order_id}/receive/")
    assert Order.objects.get(pk=orders["shipped"].pk).status == OrderStatus.SHIPPED


def test_actions_need_post(shopper, orders):
    assert shopper.get(f"/orders/{orders['unpaid'].order_id}/cancel/").status_code == 405


def test_each_order_shows_its_receiver_mobile_and_address(shopper, fruit, buyer):
    chosen = addresses.AddressInput(
        receiver="李四",
        address="体育西路 1 号",
        receiver_mobile="13900139000",
        province_code="440000",
        city_code="440100",
        district_code="440106",
    )
    address = addresses.add_address(buyer, chosen)
    order = place_order(buyer, address.pk, [(fruit["apples"][0].pk, 1)])
    addresses.update_address(buyer, address.pk, replace(chosen, address="天河北路 2 号"))
    for page in ("/orders/", f"/pay/{order.order_id}/"):
        html = shopper.get(page).content.decode()
        for shown in ("李四", "13900139000", "广东省广州市天河区体育西路 1 号"):
            assert shown in html, (page, shown)
        assert "天河北路" not in html  # the order keeps the address it was placed with
