"""Read replicas on a real PostgreSQL streaming replica (``pg_replica``).

Replay is paused to make the replica visibly stale: whatever the primary
changes after that, the replica does not show, so a page showing the change
was read from the primary and one missing it was read from the replica.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client, override_settings

from shopkit.cart import services as cart
from shopkit.core import routers
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.models import SKU
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.placement import settle
from shopkit.payments.models import Payment, PaymentStatus

pytestmark = [
    pytest.mark.services("postgres"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture
def replica(pg_replica):
    """The replica in use by the router and middleware, replaying; resumed
    afterwards even when the test fails while it is paused."""
    middleware = [*settings.MIDDLEWARE, "shopkit.core.middleware.ReadYourWritesMiddleware"]
    with override_settings(
        DATABASE_ROUTERS=["shopkit.core.routers.ReplicaRouter"],
        SHOPKIT_READ_REPLICAS=["replica"],
        SHOPKIT_READ_YOUR_WRITES_SECONDS=300,
        MIDDLEWARE=middleware,
    ):
        yield pg_replica
    pg_replica.resume()
    pg_replica.catch_up()


def test_catalogue_pages_read_the_replica_and_a_writer_reads_the_primary(replica, fruit, buyer):
    apple = fruit["apples"][0]
    url = f"/list/{fruit['category'].pk}/1"
    shopper = Client()
    shopper.force_login(buyer)
    replica.catch_up()
    replica.pause()
    apple.price = Decimal("77.70")
    apple.save()  # invalidates the cached pages that show the apple
    anonymous = Client().get(url).content.decode()
    assert "10.00" in anonymous and "77.70" not in anonymous
    assert SKU.objects.using("replica").get(pk=apple.pk).price == Decimal("10.00")
    # The shopper writes (adds to the cart): from then on they read the primary.
    shopper.post("/cart/add", {"sku_id": apple.pk, "count": 1}, HTTP_ACCEPT="application/json")
    assert "shopkit_primary" in shopper.cookies
    assert "77.70" in shopper.get(url).content.decode()
    replica.resume()
    replica.catch_up()
    assert SKU.objects.using("replica").get(pk=apple.pk).price == Decimal("77.70")


def test_a_purchase_with_replay_paused_shows_fresh_state_and_loses_nothing(
    replica, fruit, buyer, buyer_address
):
    apple = fruit["apples"][0]
    replica.catch_up()
    replica.pause()
    shopper = Client()
    shopper.force_login(buyer)
    added = shopper.post(
        "/cart/add", {"sku_id": apple.pk, "count": 2}, HTTP_ACCEPT="application/json"
    )
    assert added.status_code == 200
    assert apple.name in shopper.get("/cart/").content.decode()
    settlement = shopper.get("/orders/settlement/").content.decode()
    assert apple.name in settlement and "20.00" in settlement
    placed = shopper.post(
        "/orders/settlement/", {"address": buyer_address.pk, "provider": "sandbox"}
    )
    assert placed.status_code == 302 and "/pay/sandbox/" in placed["Location"]
    order = Order.objects.get(user=buyer)
    back = shopper.post(placed["Location"], {"action": "pay"})
    result = shopper.get(back["Location"], follow=True).content.decode()
    assert "pay-result paid" in result and order.order_id in result
    order_page = shopper.get("/orders/").content.decode()
    assert order.order_id in order_page
    # The buyer's own view of stock, after their purchase, is the primary's.
    assert SKU.objects.get(pk=apple.pk).stock == 98
    # None of it has reached the replica yet: everything above came from the primary.
    assert not Order.objects.using("replica").filter(pk=order.pk).exists()
    assert SKU.objects.using("replica").get(pk=apple.pk).stock == 100
    replica.resume()
    replica.catch_up()
    copied = Order.objects.using("replica").get(pk=order.pk)
    assert copied.status == OrderStatus.PAID and copied.lines.count() == 1
    assert Payment.objects.using("replica").get(order_id=order.pk).status == PaymentStatus.PAID
    assert SKU.objects.using("replica").get(pk=apple.pk).stock == 98
    assert list(cart.user_store(buyer).lines()) == []


def test_settlement_reads_stock_from_the_primary_while_the_replica_lags(replica, fruit):
    apple = fruit["apples"][0]
    replica.catch_up()
    replica.pause()
    SKU.objects.filter(pk=apple.pk).update(stock=1, price=Decimal("3.00"))
    # A request that has not written reads the catalogue from the replica…
    with routers.request_reads(pinned=False):
        assert SKU.objects.get(pk=apple.pk).stock == 100
        # …but settles (and so places) on the primary's stock and price.
        assert settle([(apple.pk, 1)]).goods_amount == Decimal("3.00")
        with pytest.raises(ShopkitError) as refused:
            settle([(apple.pk, 2)])
    assert refused.value.code == ErrorCode.ORDERS_OUT_OF_STOCK
