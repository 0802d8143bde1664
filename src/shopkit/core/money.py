"""Money, in one place: how an amount is stored and how it is written out.

Amounts are ``Decimal`` yuan with two places. Every page, API answer,
provider message and signature writes them with :func:`money_text`, so the
same amount is the same text everywhere (a signature compares text).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator

#: The ``DecimalField`` options of every amount (prices, order totals, payments).
MONEY_FIELD: dict[str, Any] = {
    "max_digits": 10,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0"))],
}


def money_text(amount: Decimal) -> str:
    """The two-place text of an amount: ``Decimal("12.5")`` → ``"12.50"``."""
    return f"{amount:.2f}"
