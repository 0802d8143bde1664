"""Unpaid orders and a listener for paid events, shared by the payment tests
and the storefront's."""

import secrets
import threading
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from shopkit import hookimpl
from shopkit.orders.models import Order
from shopkit.testing import registered_plugin


class PaidEvents:
    """Counts ``shopkit_order_paid`` events, as any plugin would see them."""

    def __init__(self):
        self.paid = []
        self.lock = threading.Lock()

    @hookimpl
    def shopkit_order_paid(self, order, payment):
        with self.lock:
            self.paid.append((order.pk, payment.pk, order.status))


@pytest.fixture
def paid_events():
    with registered_plugin(PaidEvents(), name="paid-events") as plugin:
        yield plugin


@pytest.fixture
def stranger(db):
    return get_user_model().objects.create_user("stranger", "s@example.com", "pw-stranger-123")


def make_order(user, total="128.50"):
    total = Decimal(total)
    return Order.objects.create(
        order_id="8" + "".join(secrets.choice("0123456789") for _ in range(15)),
        user=user,
        receiver="张三",
        receiver_address="北京市海淀区中关村 1 号",
        receiver_mobile="13800138000",
        total_count=1,
        goods_amount=total - Decimal("10.00"),
        freight=Decimal("10.00"),
        total_amount=total,
    )


@pytest.fixture
def order(buyer):
    return make_order(buyer)
