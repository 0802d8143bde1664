"""No oversell under real concurrency, on PostgreSQL.

Every buyer is a thread with its own database connection, released at a
barrier so they hit the stock row together. PostgreSQL's default
``max_connections`` is 100, so at most ``MAX_OPEN_CONNECTIONS`` buyers hold a
connection at the same moment; the others wait their turn at the gate, still
racing for the same units.
"""

import os
import random
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connections

from shopkit.accounts.models import Address
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.models import SKU, Category
from shopkit.orders.models import Order, OrderLine
from shopkit.orders.placement import place_order
from tests.fixtures.catalogue import make_skus

pytestmark = [pytest.mark.services("postgres"), pytest.mark.django_db(transaction=True)]

MAX_OPEN_CONNECTIONS = int(os.environ.get("SHOPKIT_RACE_CONNECTIONS", "40"))


def make_buyers(count: int) -> list[tuple[object, int]]:
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"racer{n}", email=f"racer{n}@example.com") for n in range(count)
    )
    addresses = Address.objects.bulk_create(
        Address(
            user=user,
            receiver="买家",
            address="上海市",
            receiver_mobile="13900000000",
            is_default=True,
        )
        for user in users
    )
    return [(user, address.pk) for user, address in zip(users, addresses, strict=True)]


def race(buyers, lines_for) -> Counter:
    barrier = threading.Barrier(len(buyers))
    gate = threading.BoundedSemaphore(MAX_OPEN_CONNECTIONS)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def buy(user, address_id, lines):
        barrier.wait()
        with gate:
            try:
                place_order(user, address_id, lines)
                result = "ordered"
            except ShopkitError as error:
                result = error.code.name
            except Exception as error:  # a deadlock or any crash fails the test below
                result = f"crash: {error!r}"
            finally:
                connections.close_all()
        with lock:
            outcomes[result] += 1

    threads = [
        threading.Thread(target=buy, args=(user, address_id, lines_for(n)))
        for n, (user, address_id) in enumerate(buyers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a buyer hung"
    return outcomes


def test_200_buyers_racing_for_50_units_buy_exactly_50():
    [sku] = make_skus(Category.objects.create(name="抢购"), 1, prefix="秒杀")
    SKU.objects.filter(pk=sku.pk).update(stock=50, sales=0)
    outcomes = race(make_buyers(200), lambda n: [(sku.pk, 1)])
    assert outcomes == Counter({"ordered": 50, ErrorCode.ORDERS_OUT_OF_STOCK.name: 150})
    sku.refresh_from_db()
    assert (sku.stock, sku.sales) == (0, 50)
    assert Order.objects.count() == 50
    assert sum(OrderLine.objects.values_list("count", flat=True)) == 50


def test_mixed_multi_sku_carts_never_oversell_or_deadlock():
    skus = make_skus(Category.objects.create(name="组合"), 4, prefix="组合", price="5.00")
    SKU.objects.filter(pk__in=[s.pk for s in skus]).update(stock=30, sales=0)
    rng = random.Random(20261122)
    carts = [
        [(sku.pk, rng.randint(1, 3)) for sku in rng.sample(skus, rng.randint(1, 4))]
        for _ in range(150)
    ]
    for cart in carts:
        rng.shuffle(cart)  # buyers list SKUs in any order; placement locks in id order
    outcomes = race(make_buyers(150), lambda n: carts[n])
    assert set(outcomes) <= {"ordered", ErrorCode.ORDERS_OUT_OF_STOCK.name}, outcomes
    for sku in skus:
        sku.refresh_from_db()
        sold = sum(OrderLine.objects.filter(sku=sku).values_list("count", flat=True))
        assert sku.stock >= 0
        assert sku.stock + sold == 30 and sku.sales == sold
    assert Order.objects.count() == outcomes["ordered"] > 0
    assert all(order.total_amount > Decimal("0") for order in Order.objects.all())
