"""Moving stock and sales, always locking rows in one global order.

Only SKU rows are locked, in id order, so two transactions that touch
overlapping SKUs queue instead of deadlocking. Nothing per SPU is written: an
SPU's sales are the sum of its SKUs' (``SPU.objects.with_sales()``), so a
best seller has no shared row that every checkout would queue on.

Taking stock is the hottest statement of a checkout, so it is written as one
prepared SQL string (built once from the model's own table and column names)
rather than rebuilt by the ORM for every line: the ORM spends about four
times the statement's own cost compiling it.

Both directions are ``UPDATE`` statements, like ``QuerySet.update()``: no SKU
``pre_save``/``post_save`` is sent and no ``shopkit_catalog_changed`` fires.
Their callers invalidate the SKUs' and categories' page-cache tags themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import F

from shopkit.goods.models import SKU

#: SQL with ``%s`` placeholders, and its parameters: what the checkout's
#: ``shopkit.orders.prepared.Batch.execute`` runs. Spelled out here because the
#: catalogue must not import orders.
Statement = tuple[str, list[Any]]


def take_stock_statements(lines: Iterable[tuple[SKU, int]]) -> list[tuple[SKU, Statement]]:
    """The conditional updates that take stock and raise sales for ``lines``,
    each with its SKU, in the order they must run (SKU id order). One that
    changes no row found too little stock: the caller rolls back."""
    alias = router.db_for_write(SKU)
    return [
        (sku, (_take_statement(alias), [count, count, sku.pk, True, count]))
        for sku, count in sorted(lines, key=lambda line: line[0].pk)
    ]


def return_stock(lines: Iterable[tuple[SKU, int]]) -> None:
    """Put cancelled lines back: stock up, sales down."""
    for sku, count in sorted(lines, key=lambda line: line[0].pk):
        SKU.objects.filter(pk=sku.pk).update(stock=F("stock") + count, sales=F("sales") - count)


@cache
def _take_statement(alias: str) -> str:
    """``UPDATE sku SET stock = stock - n, sales = sales + n WHERE id = … AND
    is_launched AND stock >= n``: the database decides under the row lock."""
    quote = connections[alias].ops.quote_name
    table = quote(SKU._meta.db_table)
    pk, stock, sales, launched = (
        quote(SKU._meta.get_field(name).column) for name in ("id", "stock", "sales", "is_launched")
    )
    return (
        f"UPDATE {table} SET {stock} = {stock} - %s, {sales} = {sales} + %s "
        f"WHERE {pk} = %s AND {launched} = %s AND {stock} >= %s"
    )
