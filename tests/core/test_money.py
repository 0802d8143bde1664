"""Money is written one way everywhere: two places."""

from decimal import Decimal

import pytest

from shopkit.core.money import MONEY_FIELD, money_text
from shopkit.goods.models import SKU
from shopkit.orders.models import Order
from shopkit.payments.models import Payment


@pytest.mark.parametrize(
    "amount, text",
    [(Decimal("12.5"), "12.50"), (Decimal("0"), "0.00"), (Decimal("99999999.99"), "99999999.99")],
)
def test_money_text_has_two_places(amount, text):
    assert money_text(amount) == text


@pytest.mark.parametrize(
    "field", [SKU._meta.get_field("price"), Order._meta.get_field("total_amount"),
              Payment._meta.get_field("amount")],
)  # fmt: skip
def test_every_amount_is_stored_the_same_way(field):
    assert (field.max_digits, field.decimal_places) == (
        MONEY_FIELD["max_digits"], MONEY_FIELD["decimal_places"],
    )  # fmt: skip
