"""Moving stock and sales, always locking rows in one global order.

Every writer locks SKU rows in id order, then SPU rows in id order. Two
transactions that touch overlapping rows then queue instead of deadlocking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import F

from shopkit.goods.models import SKU, SPU


def take_stock(lines: Iterable[tuple[SKU, int]]) -> SKU | None:
    """Decrement stock and raise sales for every line, or stop at the first SKU
    without enough stock and return it (the caller rolls the transaction back)."""
    spu_sales: Counter[int] = Counter()
    for sku, count in sorted(lines, key=lambda line: line[0].pk):
        taken = SKU.objects.filter(pk=sku.pk, is_launched=True, stock__gte=count).update(
            stock=F("stock") - count, sales=F("sales") + count
        )
        if not taken:
            return sku
        spu_sales[sku.spu_id] += count
    _move_spu_sales(spu_sales)
    return None


def return_stock(lines: Iterable[tuple[SKU, int]]) -> None:
    """Put cancelled lines back: stock up, sales down."""
    spu_sales: Counter[int] = Counter()
    for sku, count in sorted(lines, key=lambda line: line[0].pk):
        SKU.objects.filter(pk=sku.pk).update(stock=F("stock") + count, sales=F("sales") - count)
        spu_sales[sku.spu_id] -= count
    _move_spu_sales(spu_sales)


def _move_spu_sales(spu_sales: Counter[int]) -> None:
    for spu_id in sorted(spu_sales):
        SPU.objects.filter(pk=spu_id).update(sales=F("sales") + spu_sales[spu_id])
