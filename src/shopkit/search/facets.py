"""Narrowing search results by category and price, with the count of each choice.

Counts and filters are computed here, over the ids the backend matched
(:meth:`~shopkit.search.backends.base.SearchBackend.matching_ids`) and the
SKUs' rows as stored now, so every backend gives the same counts and a
backend need not index categories or prices to be filtered by them. Each
facet counts the results under the other facet's choice (the category
counts under the chosen price range and the reverse), so a count is what
clicking it shows.

Price ranges include both ends: a SKU at exactly 100.00 is counted in
50–100 and in 100–200, as either link finds it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils.translation import gettext, gettext_noop

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import parse_int

#: The price ranges offered, as (lowest, highest or None for no limit).
PRICE_RANGES: tuple[tuple[Decimal, Decimal | None], ...] = (
    (Decimal("0"), Decimal("50")),
    (Decimal("50"), Decimal("100")),
    (Decimal("100"), Decimal("200")),
    (Decimal("200"), Decimal("500")),
    (Decimal("500"), None),
)
#: The highest price a SKU can have (ten digits, two after the point).
MAX_PRICE = Decimal("99999999.99")
#: Ids are looked up this many at a time (SQLite limits a statement's parameters).
ID_BATCH = 500
FILTER_PARAMETERS = ("category", "price_min", "price_max")


@dataclass(frozen=True)
class SearchFilters:
    """What the shopper narrowed the results to; ``None`` is no limit."""

    category: int | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None

    def __bool__(self) -> bool:
        return any(value is not None for value in self.params().values())

    def params(self) -> dict[str, str | None]:
        """The filters as query parameters (``None`` where not set)."""
        return {
            "category": None if self.category is None else str(self.category),
            "price_min": None if self.price_min is None else f"{self.price_min:.2f}",
            "price_max": None if self.price_max is None else f"{self.price_max:.2f}",
        }

    def cache_key(self) -> str:
        return ":".join(value or "" for value in self.params().values())

    def in_category(self, category_id: int) -> bool:
        return self.category is None or category_id == self.category

    def in_price(self, price: Decimal) -> bool:
        return (self.price_min is None or price >= self.price_min) and (
            self.price_max is None or price <= self.price_max
        )


#: The texts each filter accepts (also the API schema's patterns, so the
#: schema and the check agree); blank is no limit.
CATEGORY_PATTERN = r"^[ \t]*(\+?0*[1-9][0-9]{0,17})?[ \t]*$"
PRICE_PATTERN = r"^[ \t]*(\+?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?)?[ \t]*$"


def _must_be(name: str, what: str) -> str:
    return gettext("%(field)s must be %(what)s.") % {"field": name, "what": gettext(what)}


def _text(name: str, raw: str, pattern: str, message: str) -> str:
    if not re.search(pattern, raw):
        raise ShopkitError(ErrorCode.GOODS_BAD_PARAMETER, _must_be(name, message))
    return raw.strip()


def _category(raw: object) -> int | None:
    message = gettext_noop("a category id")
    if isinstance(raw, str):
        text = _text("category", raw, CATEGORY_PATTERN, message)
        return int(text) if text else None
    try:
        value = parse_int(raw)
    except ValueError:
        value = 0
    if not 1 <= value < 10**18:
        raise ShopkitError(ErrorCode.GOODS_BAD_PARAMETER, _must_be("category", message))
    return value


def _price(name: str, raw: object) -> Decimal | None:
    message = gettext_noop("a price, 0 or more")
    if isinstance(raw, str):
        text = _text(name, raw, PRICE_PATTERN, message)
        if not text:
            return None
        value = Decimal(text)
    elif isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        value = Decimal(str(raw))
    else:
        raise ShopkitError(ErrorCode.GOODS_BAD_PARAMETER, _must_be(name, message))
    if value < 0:
        raise ShopkitError(ErrorCode.GOODS_BAD_PARAMETER, _must_be(name, message))
    # Above every price a SKU can have is the same as just above the highest.
    return min(value, MAX_PRICE + 1).quantize(Decimal("0.01"))


def clean_filters(raw: Mapping[str, Any]) -> SearchFilters:
    """The filters in ``raw`` (``category``, ``price_min``, ``price_max``;
    missing or blank is no limit); raises ``ShopkitError`` with
    ``GOODS_BAD_PARAMETER`` for a value that is not a category id or a price
    of 0 or more (:data:`CATEGORY_PATTERN`, :data:`PRICE_PATTERN`, or numbers).
    A minimum above the maximum is allowed: nothing is in such a range."""
    category, low, high = (raw.get(name) for name in FILTER_PARAMETERS)
    return SearchFilters(
        category=None if category is None else _category(category),
        price_min=None if low is None else _price("price_min", low),
        price_max=None if high is None else _price("price_max", high),
    )


def lenient_filters(raw: Mapping[str, Any]) -> SearchFilters:
    """The usable filters in ``raw``, the others left out (for pages: a bad
    link narrows less, it never fails)."""
    kept: dict[str, Any] = {}
    for name in FILTER_PARAMETERS:
        try:
            clean_filters({name: raw.get(name)})
        except ShopkitError:
            continue
        kept[name] = raw.get(name)
    return clean_filters(kept)


class Row(NamedTuple):
    pk: int
    category_id: int
    category_name: str
    price: Decimal


def _rows(ids: list[int]) -> Iterator[Row]:
    from shopkit.goods.models import SKU

    for start in range(0, len(ids), ID_BATCH):
        found = (
            SKU.objects.launched()
            .filter(pk__in=ids[start : start + ID_BATCH])
            .values_list("pk", "category_id", "category__name", "price")
        )
        for pk, category_id, category_name, price in found:
            yield Row(pk, category_id, category_name, price)


def facet_rows(ids: list[int]) -> list[Row]:
    """The rows of the launched SKUs among ``ids``, in the order of ``ids``."""
    rows = {row.pk: row for row in _rows(ids)}
    return [rows[pk] for pk in dict.fromkeys(ids) if pk in rows]


def narrow(ids: list[int], filters: SearchFilters) -> tuple[list[int], dict[str, Any]]:
    """The ids (best first) that pass ``filters``, and the facets of ``ids``:
    ``{"categories": [{id, name, count}], "prices": [{min, max, count}]}``,
    choices that would find nothing left out."""
    return narrow_rows(facet_rows(ids), filters)


def narrow_rows(ranked: list[Row], filters: SearchFilters) -> tuple[list[int], dict[str, Any]]:
    """:func:`narrow` over the rows of the matches (:func:`facet_rows`), best first."""
    kept = [
        row.pk
        for row in ranked
        if filters.in_category(row.category_id) and filters.in_price(row.price)
    ]
    by_category = Counter(
        (row.category_id, row.category_name) for row in ranked if filters.in_price(row.price)
    )
    categories = [
        {"id": category_id, "name": name, "count": count}
        for (category_id, name), count in sorted(by_category.items(), key=lambda i: (-i[1], i[0]))
    ]
    in_category = [row.price for row in ranked if filters.in_category(row.category_id)]
    prices = []
    for low, high in PRICE_RANGES:
        count = sum(1 for price in in_category if price >= low and (high is None or price <= high))
        if count:
            prices.append(
                {
                    "min": f"{low:.2f}",
                    "max": None if high is None else f"{high:.2f}",
                    "count": count,
                }
            )
    return kept, {"categories": categories, "prices": prices}
