from dataclasses import replace
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from shopkit.accounts import addresses
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.models import SKU
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.placement import place_order, settle


def codes_of(call):
    with pytest.raises(ShopkitError) as raised:
        call()
    return raised.value.code


def test_placement_snapshots_prices_address_and_takes_stock(fruit, buyer, buyer_address):
    berry, apple = fruit["berries"]["1kg"], fruit["apples"][0]
    order = place_order(buyer, buyer_address.pk, [(berry.pk, "2"), (str(apple.pk), 1)])
    assert order.order_id.isdigit() and len(order.order_id) == 16
    assert order.status == OrderStatus.UNPAID
    assert order.goods_amount == Decimal("120.00")  # 2 × 55.00 + 10.00
    assert order.freight == Decimal("0.00")  # free from 99.00
    assert order.total_amount == Decimal("120.00")
    assert (order.receiver, order.receiver_mobile) == ("张三", "13800138000")
    lines = {line.sku_id: line for line in order.lines.all()}
    assert lines[berry.pk].sale_attributes == [["规格", "1kg"]] and lines[
        berry.pk
    ].price == Decimal("55.00")
    berry.refresh_from_db()
    assert (berry.stock, berry.sales) == (18, 2)
    berry.price = Decimal("1.00")
    berry.save()
    assert order.lines.get(sku=berry).price == Decimal("55.00")


def test_freight_is_charged_below_the_threshold(fruit):
    settlement = settle([(fruit["apples"][0].pk, 1)])
    assert (settlement.goods_amount, settlement.freight, settlement.total_amount) == (
        Decimal("10.00"), Decimal("10.00"), Decimal("20.00"),
    )  # fmt: skip


def test_out_of_stock_places_nothing_and_takes_nothing(fruit, buyer, buyer_address):
    berry, apple = fruit["berries"]["1kg"], fruit["apples"][0]
    code = codes_of(lambda: place_order(buyer, buyer_address.pk, [(apple.pk, 1), (berry.pk, 21)]))
    assert code == ErrorCode.ORDERS_OUT_OF_STOCK
    apple.refresh_from_db()
    assert apple.stock == 100 and not Order.objects.exists()


@pytest.mark.parametrize(
    "lines, code",
    [
        ([], ErrorCode.ORDERS_NOTHING_TO_BUY),
        ([("x", 1)], ErrorCode.ORDERS_BAD_PARAMETER),
        ([(1, 0)], ErrorCode.ORDERS_BAD_PARAMETER),
        ([(1, -3)], ErrorCode.ORDERS_BAD_PARAMETER),
        ([(1, 10**6)], ErrorCode.ORDERS_LIMIT_EXCEEDED),
        ([(2**63, 1)], ErrorCode.ORDERS_BAD_PARAMETER),
        ([(999999, 1)], ErrorCode.ORDERS_SKU_UNAVAILABLE),
    ],
)
def test_bad_lines_are_rejected(fruit, buyer, buyer_address, lines, code):
    assert codes_of(lambda: place_order(buyer, buyer_address.pk, lines)) == code


def test_order_limits_are_the_cart_settings(fruit, buyer, buyer_address, settings):
    apple, berry = fruit["apples"][0], fruit["berries"]["1kg"]
    settings.SHOPKIT_CART_MAX_COUNT = 2
    code = codes_of(lambda: place_order(buyer, buyer_address.pk, [(apple.pk, 3)]))
    assert code == ErrorCode.ORDERS_LIMIT_EXCEEDED
    settings.SHOPKIT_CART_MAX_LINES = 1
    code = codes_of(lambda: settle([(apple.pk, 1), (berry.pk, 1)]))
    assert code == ErrorCode.ORDERS_LIMIT_EXCEEDED
    settings.SHOPKIT_CART_MAX_COUNT, settings.SHOPKIT_CART_MAX_LINES = 3, 2
    assert settle([(apple.pk, 1), (berry.pk, 1), (apple.pk, 2)]).total_count == 4


def test_unlaunched_sku_cannot_be_bought(fruit, buyer, buyer_address):
    apple = fruit["apples"][0]
    SKU.objects.filter(pk=apple.pk).update(is_launched=False)
    code = codes_of(lambda: place_order(buyer, buyer_address.pk, [(apple.pk, 1)]))
    assert code == ErrorCode.ORDERS_SKU_UNAVAILABLE


def test_someone_elses_address_is_not_found(fruit, buyer, buyer_address):
    other = get_user_model().objects.create_user("other", "o@example.com", "pw-other-123")
    code = codes_of(lambda: place_order(other, buyer_address.pk, [(fruit["apples"][0].pk, 1)]))
    assert code == ErrorCode.USERS_ADDRESS_NOT_FOUND


@pytest.mark.parametrize("address_id", ["deleted", 2**63, "7x", None])
def test_an_unusable_address_places_nothing_and_takes_nothing(
    fruit, buyer, buyer_address, address_id
):
    apple = fruit["apples"][0]
    if address_id == "deleted":
        buyer_address.is_deleted = True
        buyer_address.save()
        address_id = buyer_address.pk
    code = codes_of(lambda: place_order(buyer, address_id, [(apple.pk, 1)]))
    assert code == ErrorCode.USERS_ADDRESS_NOT_FOUND
    apple.refresh_from_db()
    assert (apple.stock, apple.sales) == (100, 0) and not Order.objects.exists()


def test_double_submit_creates_one_order(fruit, buyer, buyer_address):
    lines = [(fruit["apples"][0].pk, 1)]
    first = place_order(buyer, buyer_address.pk, lines)
    second = place_order(buyer, buyer_address.pk, lines)
    assert first.pk == second.pk and Order.objects.count() == 1
    fruit["apples"][0].refresh_from_db()
    assert fruit["apples"][0].stock == 99


def test_the_order_copies_the_whole_line_of_a_structured_address(fruit, buyer):
    chosen = addresses.AddressInput(
        receiver="李四",
        address="体育西路 1 号",
        receiver_mobile="13800138000",
        province_code="440000",
        city_code="440100",
        district_code="440106",
    )
    address = addresses.add_address(buyer, chosen)
    order = place_order(buyer, address.pk, [(fruit["apples"][0].pk, 1)])
    order.refresh_from_db()
    assert order.receiver_address == "广东省广州市天河区体育西路 1 号"
    addresses.update_address(buyer, address.pk, replace(chosen, address="天河北路 2 号"))
    order.refresh_from_db()
    assert order.receiver_address == "广东省广州市天河区体育西路 1 号"  # a snapshot
