"""The cart: every rule about what a cart may hold, for the API and the storefront.

Stores (``shopkit.cart.stores``) only keep lines; this module checks SKUs,
stock and limits, coerces input and merges carts on login. Every refusal is
a ``ShopkitError`` with a carts code; while the cart's cache is down the store
raises ``CacheUnavailable`` (``SERVICE_UNAVAILABLE``), except that a login
still succeeds without merging (the anonymous cart is kept for the next one).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext, gettext_noop

from shopkit.cart.stores.base import Addition, AdditionRefused, CartLine, CartStore
from shopkit.conf import app_settings
from shopkit.core.backends import CacheUnavailable
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import is_row_id, parse_int
from shopkit.core.seams import Seam
from shopkit.goods import tags
from shopkit.goods.models import SKU, SaleAttributeValue
from shopkit.goods.page_cache import cached_page
from shopkit.plugins import fire_event

logger = logging.getLogger(__name__)

REQUEST_STORES = "_shopkit_cart_stores"

# A cart store belongs to one shopper and one request, so the resolver asks the
# hook every time (kept="never"); _store_for keeps it for the rest of the request.
CART_STORE: Seam[CartStore] = Seam(
    "shopkit_cart_store",
    argnames=["request", "user"],
    kept="never",
    fix="the built-in cart plugin answers every logged-in user and every anonymous "
    "shopper with a request; add a plugin that implements shopkit_cart_store",
)


# --- finding the store --------------------------------------------------------


def _ask_plugins(request: HttpRequest | None, user: AbstractBaseUser | None) -> CartStore:
    return CART_STORE.get(request, user)


def _store_for(request: HttpRequest | None, user: AbstractBaseUser | None) -> CartStore:
    """One store per shopper and request, so ``CartMiddleware`` can save it."""
    if request is None:
        return _ask_plugins(None, user)
    stores: dict[Any, CartStore] = request.__dict__.setdefault(REQUEST_STORES, {})
    key = None if user is None else user.pk
    if key not in stores:
        stores[key] = _ask_plugins(request, user)
    return stores[key]


def request_stores(request: HttpRequest) -> list[CartStore]:
    """The stores ``request`` used so far."""
    return list(request.__dict__.get(REQUEST_STORES, {}).values())


def get_cart_store(request: HttpRequest, user: AbstractBaseUser | None = None) -> CartStore:
    """The cart of ``user`` (default: ``request.user``); anonymous shoppers get theirs
    from the request (by default a signed cookie)."""
    if user is None:
        user = getattr(request, "user", None)
    return _store_for(request, user if user is not None and user.is_authenticated else None)


def user_store(user: AbstractBaseUser) -> CartStore:
    """The cart of a logged-in ``user`` outside any request."""
    return _ask_plugins(None, user)


# --- input --------------------------------------------------------------------


def _integer(value: object, what: str) -> int:
    try:
        return parse_int(value)
    except ValueError:
        raise ShopkitError(
            ErrorCode.CARTS_BAD_PARAMETER,
            gettext("%(field)s must be a whole number.") % {"field": what},
        ) from None


def clean_sku_id(value: object) -> int:
    """A SKU id from an int or a string of digits, else ``CARTS_BAD_PARAMETER``."""
    sku_id = _integer(value, "sku_id")
    if not is_row_id(sku_id):
        raise ShopkitError(ErrorCode.CARTS_BAD_PARAMETER, gettext_noop("sku_id must be positive."))
    return sku_id


def clean_count(value: object) -> int:
    """A positive count (else ``CARTS_BAD_PARAMETER``) up to ``SHOPKIT_CART_MAX_COUNT``
    (else ``CARTS_COUNT_LIMIT``)."""
    count = _integer(value, "count")
    if count <= 0:
        raise ShopkitError(ErrorCode.CARTS_BAD_PARAMETER, gettext_noop("count must be positive."))
    if count > app_settings.CART_MAX_COUNT:
        raise ShopkitError(ErrorCode.CARTS_COUNT_LIMIT, max_count=app_settings.CART_MAX_COUNT)
    return count


def clean_sku_ids(values: object) -> list[int]:
    """A list of SKU ids (one id alone is a list of one)."""
    if not isinstance(values, list | tuple):
        values = [values]
    if len(values) > app_settings.CART_MAX_LINES:
        raise ShopkitError(ErrorCode.CARTS_BAD_PARAMETER, gettext_noop("Too many sku ids."))
    return [clean_sku_id(value) for value in values]


# --- changing lines -------------------------------------------------------------


@dataclass(frozen=True)
class SkuFacts:
    """What the cart needs of a SKU: its card, stock and sale attributes."""

    name: str
    price: Decimal
    image: str
    stock: int
    on_sale: bool
    sale_attr_names: list[str]
    sale_attr_values: list[str]


def sku_facts(sku_ids: Iterable[int]) -> dict[int, SkuFacts]:
    """``{sku_id: SkuFacts}`` of the SKUs that exist, from the page cache.

    One entry per set of SKUs (a cart's lines), tagged with each SKU and its
    SPU, so a change of price, stock, name, image, launch state or sale
    attributes rebuilds it; a miss costs two queries whatever the number of SKUs.
    """
    wanted = sorted(set(sku_ids))
    if not wanted:
        return {}

    def build() -> tuple[dict[int, SkuFacts], set[str]]:
        values = SaleAttributeValue.objects.select_related("attribute").order_by(
            "attribute__sort_order", "attribute_id"
        )
        skus = list(
            SKU.objects.filter(pk__in=wanted).prefetch_related(
                Prefetch("sale_values", queryset=values)
            )
        )
        facts = {
            sku.pk: SkuFacts(
                name=sku.name,
                price=sku.price,
                image=sku.default_image.name or "",
                stock=sku.stock,
                on_sale=sku.is_launched,
                sale_attr_names=[value.attribute.name for value in sku.sale_values.all()],
                sale_attr_values=[value.name for value in sku.sale_values.all()],
            )
            for sku in skus
        }
        # A deleted SKU bumps its own tag, so SKUs not found are tagged too.
        return facts, {tags.sku_tag(pk) for pk in wanted} | {tags.spu_tag(s.spu_id) for s in skus}

    ids = ",".join(map(str, wanted))
    # Kept in the worker's memory too (callers never change it): a fresh hit
    # costs one round trip, for the tag versions.
    return cached_page(f"cart-skus:{hashlib.sha256(ids.encode()).hexdigest()}", build, local=True)


def _launched_sku(sku_id: int) -> SkuFacts:
    facts = sku_facts([sku_id]).get(sku_id)
    if facts is None or not facts.on_sale:
        raise ShopkitError(ErrorCode.CARTS_SKU_NOT_FOUND)
    return facts


def _max_count(sku: SkuFacts) -> int:
    """The most units a line of ``sku`` may hold: the count limit or the stock."""
    return min(app_settings.CART_MAX_COUNT, sku.stock)


def _too_many(sku: SkuFacts, count: int) -> ShopkitError:
    """The refusal of ``count`` units of ``sku``, more than :func:`_max_count`."""
    if count > app_settings.CART_MAX_COUNT:
        return ShopkitError(ErrorCode.CARTS_COUNT_LIMIT, max_count=app_settings.CART_MAX_COUNT)
    return ShopkitError(ErrorCode.CARTS_OVER_STOCK, stock=max(sku.stock, 0))


def _check_new_count(sku: SkuFacts, count: int) -> None:
    if count > _max_count(sku):
        raise _too_many(sku, count)


def _existing(store: CartStore, sku_id: int) -> CartLine:
    return _required(store.get(sku_id))


def _required(line: CartLine | None) -> CartLine:
    if line is None:
        raise ShopkitError(ErrorCode.CARTS_LINE_NOT_FOUND)
    return line


def _add_units(
    store: CartStore, sku_id: object, count: object
) -> tuple[int, list[CartLine], SkuFacts]:
    """Add to the line in one step of the store (``CartStore.add_units``),
    bounded by the count limit, the stock and the line limit: the SKU's id,
    every line after and the SKU's facts."""
    sku_id, count = clean_sku_id(sku_id), clean_count(count)
    sku = _launched_sku(sku_id)
    max_lines = app_settings.CART_MAX_LINES
    addition = Addition(sku_id, count, _max_count(sku), max_lines)
    try:
        return sku_id, store.add_units(addition), sku
    except AdditionRefused as refused:
        if refused.lines_full:
            raise ShopkitError(ErrorCode.CARTS_TOO_MANY_LINES, max_lines=max_lines) from None
        had = refused.line.count if refused.line else 0
        raise _too_many(sku, had + count) from None


def add(store: CartStore, sku_id: object, count: object = 1) -> CartLine:
    """Add ``count`` units of a launched SKU to its line (made if new) and select it."""
    sku_id, lines, _ = _add_units(store, sku_id, count)
    return next(line for line in lines if line.sku_id == sku_id)


def add_and_list(store: CartStore, sku_id: object, count: object = 1) -> list[CartItem]:
    """:func:`add`, then the whole cart as the change left it (as :func:`items`),
    from the store's answer to the addition: the cart is not read again."""
    sku_id, lines, sku = _add_units(store, sku_id, count)
    if len(lines) == 1:
        # A cart of this one line: its facts were just read to check the stock.
        return _listed(store, lines, {sku_id: sku})
    return items(store, lines)


def set_count(store: CartStore, sku_id: object, count: object) -> CartLine:
    """Set a line's count; raising it checks the SKU and its stock."""
    sku_id, count = clean_sku_id(sku_id), clean_count(count)

    def counted(line: CartLine | None) -> CartLine:
        line = _required(line)
        if count > line.count:
            _check_new_count(_launched_sku(sku_id), count)
        return CartLine(sku_id, count, line.selected)

    return store.change_line(sku_id, counted)


def increment(store: CartStore, sku_id: object) -> CartLine:
    """One more unit on an existing line (stock checked)."""
    sku_id = clean_sku_id(sku_id)

    def one_more(line: CartLine | None) -> CartLine:
        line = _required(line)
        _check_new_count(_launched_sku(sku_id), line.count + 1)
        return CartLine(sku_id, line.count + 1, line.selected)

    return store.change_line(sku_id, one_more)


def decrement(store: CartStore, sku_id: object) -> CartLine:
    """One unit fewer on an existing line, never below one."""
    sku_id = clean_sku_id(sku_id)

    def one_fewer(line: CartLine | None) -> CartLine:
        line = _required(line)
        return CartLine(sku_id, max(line.count - 1, 1), line.selected)

    return store.change_line(sku_id, one_fewer)


def select(store: CartStore, sku_id: object, selected: bool = True) -> CartLine:
    """Select (or with ``selected=False`` unselect) one line."""
    sku_id = clean_sku_id(sku_id)

    def chosen(line: CartLine | None) -> CartLine:
        return CartLine(sku_id, _required(line).count, selected)

    return store.change_line(sku_id, chosen)


def unselect(store: CartStore, sku_id: object) -> CartLine:
    return select(store, sku_id, selected=False)


def select_all(store: CartStore, sku_ids: object = None, selected: bool = True) -> None:
    """Select every line, or only the lines of ``sku_ids`` (ids not in the cart are ignored)."""
    wanted = None if sku_ids is None else set(clean_sku_ids(sku_ids))
    store.set_lines(
        CartLine(line.sku_id, line.count, selected)
        for line in store.lines()
        if line.selected != selected and (wanted is None or line.sku_id in wanted)
    )


def unselect_all(store: CartStore, sku_ids: object = None) -> None:
    select_all(store, sku_ids, selected=False)


def delete(store: CartStore, sku_id: object) -> None:
    """Remove a line."""
    sku_id = clean_sku_id(sku_id)
    _existing(store, sku_id)
    store.remove([sku_id])


# --- reading --------------------------------------------------------------------


@dataclass(frozen=True)
class CartItem:
    """A cart line with its SKU as it is now in the catalogue."""

    sku_id: int
    count: int
    selected: bool
    name: str
    price: Decimal
    image: str
    stock: int
    on_sale: bool
    sale_attr_names: list[str] = field(default_factory=list)
    sale_attr_values: list[str] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return self.price * self.count

    @property
    def sale_attrs(self) -> list[tuple[str, str]]:
        """``(attribute name, value)`` pairs, e.g. ``[("规格", "500g")]``."""
        return list(zip(self.sale_attr_names, self.sale_attr_values, strict=True))


def items(store: CartStore, lines: list[CartLine] | None = None) -> list[CartItem]:
    """Every line (``lines``, else the store's) with the SKU's current name,
    price, image and sale attributes.

    No query while the SKUs' cached facts are fresh (:func:`sku_facts`), two
    otherwise, whatever the number of lines. Lines of SKUs deleted from the
    catalogue are dropped from the cart; unlaunched ones stay, ``on_sale=False``.
    """
    if lines is None:
        lines = store.lines()
    return _listed(store, lines, sku_facts(line.sku_id for line in lines)) if lines else []


def _listed(store: CartStore, lines: list[CartLine], facts: dict[int, SkuFacts]) -> list[CartItem]:
    gone = [line.sku_id for line in lines if line.sku_id not in facts]
    if gone:
        store.remove(gone)
    return [
        CartItem(
            sku_id=line.sku_id,
            count=line.count,
            selected=line.selected,
            name=sku.name,
            price=sku.price,
            image=sku.image,
            stock=sku.stock,
            on_sale=sku.on_sale,
            sale_attr_names=list(sku.sale_attr_names),
            sale_attr_values=list(sku.sale_attr_values),
        )
        for line in lines
        if (sku := facts.get(line.sku_id)) is not None
    ]


def selected_lines(user: AbstractBaseUser) -> list[tuple[int, int]]:
    """``(sku_id, count)`` of ``user``'s selected lines, by SKU id (for checkout)."""
    lines = user_store(user).lines()
    return sorted((line.sku_id, line.count) for line in lines if line.selected)


def remove_lines(user: AbstractBaseUser, sku_ids: Iterable[int]) -> None:
    """Remove lines from ``user``'s cart (after an order placed them)."""
    user_store(user).remove(list(sku_ids))


def cart_count(request: HttpRequest, user: AbstractBaseUser | None = None) -> int:
    """The number of lines (distinct SKUs) in the cart of ``user`` or ``request.user``."""
    return get_cart_store(request, user).count()


# --- merging on login -------------------------------------------------------------


def _merge(store: CartStore, incoming: Iterable[tuple[int, int]]) -> int:
    """Merge ``(sku_id, count)`` pairs: count = max of both, capped by stock, selected.

    SKUs that are gone, unlaunched or sold out are skipped, as are new lines
    beyond ``SHOPKIT_CART_MAX_LINES``.
    """
    wanted: dict[int, int] = {}
    for sku_id, count in incoming:
        wanted[sku_id] = max(count, wanted.get(sku_id, 0))
    if wanted:
        stock = dict(
            SKU.objects.launched().filter(pk__in=wanted, stock__gt=0).values_list("pk", "stock")
        )
        existing = {line.sku_id: line for line in store.lines()}
        room = app_settings.CART_MAX_LINES - len(existing)
        merged = []
        for sku_id, count in wanted.items():
            if sku_id not in stock:
                continue
            if sku_id not in existing:
                if room <= 0:
                    continue
                room -= 1
            ours = existing[sku_id].count if sku_id in existing else 0
            capped = min(max(ours, count), stock[sku_id], app_settings.CART_MAX_COUNT)
            merged.append(CartLine(sku_id, capped, True))
        store.set_lines(merged)
    return store.count()


def merge_offline_cart(
    user: AbstractBaseUser,
    lines: Iterable[tuple[object, object]],
    request: HttpRequest | None = None,
) -> int:
    """Merge a cart the browser kept (``POST /v1/tokens``) into ``user``'s cart.

    ``lines`` are ``(sku_id, count)`` pairs, numbers or strings; a count above
    ``SHOPKIT_CART_MAX_COUNT`` is capped. Returns the user's line count after.
    ``shopkit_cart_merged`` fires when there were lines to merge.
    """
    pairs = []
    for sku_id, count in lines:
        clean_id = clean_sku_id(sku_id)
        clean = _integer(count, "count")
        if clean <= 0:
            raise ShopkitError(
                ErrorCode.CARTS_BAD_PARAMETER, gettext_noop("count must be positive.")
            )
        pairs.append((clean_id, min(clean, app_settings.CART_MAX_COUNT)))
    try:
        count = _merge(_store_for(request, user), pairs)
    except CacheUnavailable:
        # Logging in must not depend on the cart (the outage itself is logged).
        logger.info("Cart down: %d offline cart lines not merged at login.", len(pairs))
        return 0
    if pairs:
        fire_event("shopkit_cart_merged", user=user, lines=pairs)
    return count


def merge_session_cart(request: HttpRequest, user: AbstractBaseUser) -> int:
    """On login: merge the anonymous cart of ``request`` into ``user``'s and empty it.

    Returns the user's line count after the merge. ``shopkit_cart_merged``
    fires when the anonymous cart held lines.
    """
    anonymous = _store_for(request, None)
    pairs = [(line.sku_id, line.count) for line in anonymous.lines()]
    try:
        count = _merge(_store_for(request, user), pairs)
    except CacheUnavailable:
        # Logging in must not depend on the cart: the anonymous cart stays (not
        # emptied), to be merged at a later login (the outage itself is logged).
        return 0
    if pairs:
        anonymous.clear()
        fire_event("shopkit_cart_merged", user=user, lines=pairs)
    return count
