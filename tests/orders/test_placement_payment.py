"""Placing an order to pay it is all or nothing: an error answer leaves no
order, the stock and the cart as they were (issue 15, point 7)."""

import pytest

from shopkit.api.callbacks import callback_urls
from shopkit.cart import services as cart
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.models import SKU
from shopkit.orders.models import Order
from shopkit.orders.placement import place_order
from shopkit.payments.providers.sandbox import SandboxPaymentProvider
from shopkit.payments.services import place_to_pay

# transaction=True: the cart lines leave on commit, so "cart unchanged" means something.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def in_cart(fruit, buyer):
    berry, apple = fruit["berries"]["1kg"], fruit["apples"][0]
    store = cart.user_store(buyer)
    cart.add(store, berry.pk, 2)
    cart.add(store, apple.pk, 1)
    return [(berry.pk, 2), (apple.pk, 1)]


def cart_lines(user):
    return sorted((line.sku_id, line.count) for line in cart.user_store(user).lines())


def stock(lines):
    return {sku_id: SKU.objects.values_list("stock", "sales").get(pk=sku_id) for sku_id, _ in lines}


def place(buyer, buyer_address, lines, rf, provider=None):
    return place_to_pay(
        buyer, buyer_address.pk, lines, callback_urls(rf.get("/")), provider, from_cart=True
    )


def assert_nothing_happened(buyer, lines, stock_before):
    assert not Order.objects.exists()
    assert stock(lines) == stock_before
    assert cart_lines(buyer) == sorted(lines)


def test_placing_to_pay_commits_the_order_and_empties_the_cart_lines(
    buyer, buyer_address, in_cart, rf
):
    before = stock(in_cart)
    order, pay_url = place(buyer, buyer_address, in_cart, rf)
    assert pay_url.startswith("http") and Order.objects.filter(pk=order.pk).exists()
    assert stock(in_cart) != before and cart_lines(buyer) == []


def test_an_inactive_default_provider_places_nothing(buyer, buyer_address, in_cart, rf, settings):
    settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER = "alipay"  # configured, not active
    before = stock(in_cart)
    with pytest.raises(ShopkitError) as raised:
        place(buyer, buyer_address, in_cart, rf)
    assert raised.value.code == ErrorCode.PAYS_PROVIDER_UNKNOWN
    assert_nothing_happened(buyer, in_cart, before)


def test_an_unknown_chosen_provider_places_nothing(buyer, buyer_address, in_cart, rf):
    before = stock(in_cart)
    with pytest.raises(ShopkitError) as raised:
        place(buyer, buyer_address, in_cart, rf, provider="nope")
    assert raised.value.code == ErrorCode.PAYS_PROVIDER_UNKNOWN
    assert_nothing_happened(buyer, in_cart, before)


def test_a_provider_that_fails_to_start_undoes_the_order(
    buyer, buyer_address, in_cart, rf, monkeypatch
):
    def refuse(self, order, return_url, notify_url):
        raise ShopkitError(ErrorCode.SERVER_ERROR, "gateway refused")

    monkeypatch.setattr(SandboxPaymentProvider, "start", refuse)
    before = stock(in_cart)
    with pytest.raises(ShopkitError):
        place(buyer, buyer_address, in_cart, rf)
    assert_nothing_happened(buyer, in_cart, before)
    # Nor does the failed submit hold the double-submit guard: a retry places.
    monkeypatch.undo()
    order, _pay_url = place(buyer, buyer_address, in_cart, rf)
    assert Order.objects.get().pk == order.pk


def test_what_then_raises_rolls_the_placement_back(buyer, buyer_address, in_cart):
    def fail(order):
        assert Order.objects.filter(pk=order.pk).exists()  # inside the transaction
        raise RuntimeError("boom")

    before = stock(in_cart)
    with pytest.raises(RuntimeError):
        place_order(buyer, buyer_address.pk, in_cart, from_cart=True, then=fail)
    assert_nothing_happened(buyer, in_cart, before)


def test_a_cart_store_failing_after_commit_does_not_fail_the_placement(
    buyer, buyer_address, in_cart, rf, monkeypatch
):
    def down(user, sku_ids):
        raise ConnectionError("cart store down")

    monkeypatch.setattr("shopkit.orders.placement.remove_lines", down)
    order, _pay_url = place(buyer, buyer_address, in_cart, rf)
    assert Order.objects.filter(pk=order.pk).exists()


@pytest.mark.services("postgres")
@pytest.mark.parametrize("provider, default", [(None, "alipay"), ("nope", None)])
def test_on_postgresql_a_provider_error_places_nothing(
    buyer, buyer_address, in_cart, rf, settings, provider, default
):
    if default:
        settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER = default
    before = stock(in_cart)
    with pytest.raises(ShopkitError) as raised:
        place(buyer, buyer_address, in_cart, rf, provider=provider)
    assert raised.value.code == ErrorCode.PAYS_PROVIDER_UNKNOWN
    assert_nothing_happened(buyer, in_cart, before)


@pytest.mark.services("postgres")
def test_on_postgresql_a_failed_start_takes_no_stock(
    buyer, buyer_address, in_cart, rf, monkeypatch
):
    monkeypatch.setattr(SandboxPaymentProvider, "start", lambda *args, **kwargs: 1 / 0)
    before = stock(in_cart)
    with pytest.raises(ZeroDivisionError):
        place(buyer, buyer_address, in_cart, rf)
    assert_nothing_happened(buyer, in_cart, before)
