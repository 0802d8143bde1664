"""A buyer with a default address, shared by the order tests and the storefront's."""

import pytest
from django.contrib.auth import get_user_model

from shopkit.accounts.models import Address


@pytest.fixture
def buyer(db):
    return get_user_model().objects.create_user("buyer", "buyer@example.com", "pw-buyer-123")


@pytest.fixture
def buyer_address(buyer):
    return Address.objects.create(
        user=buyer,
        receiver="张三",
        address="北京市海淀区中关村 1 号",
        receiver_mobile="13800138000",
        postcode="100080",
        is_default=True,
    )
