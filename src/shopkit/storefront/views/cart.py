"""The storefront cart: the ``/cart/`` page and the JSON endpoints its script calls."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shopkit.cart import services
from shopkit.cart.stores.base import CartStore
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import failure, success
from shopkit.core.exceptions import ServiceUnavailable, ShopkitError
from shopkit.core.money import money_text
from shopkit.core.parsers import BadRequestData, parse_request_data
from shopkit.storefront.views import wants_json

ACTIONS: dict[str, Callable[[CartStore, dict[str, Any]], Any]] = {
    "add": lambda store, data: services.add(store, data.get("sku_id"), data.get("count", 1)),
    "increment": lambda store, data: services.increment(store, data.get("sku_id")),
    "decrement": lambda store, data: services.decrement(store, data.get("sku_id")),
    "set": lambda store, data: services.set_count(store, data.get("sku_id"), data.get("count")),
    "select": lambda store, data: services.select(store, data.get("sku_id")),
    "unselect": lambda store, data: services.unselect(store, data.get("sku_id")),
    "selectall": lambda store, data: services.select_all(store, data.get("sku_id")),
    "unselectall": lambda store, data: services.unselect_all(store, data.get("sku_id")),
    "delete": lambda store, data: services.delete(store, data.get("sku_id")),
}


def totals(listed: list[services.CartItem]) -> dict[str, Any]:
    chosen = [item for item in listed if item.selected and item.on_sale]
    return {
        "count": len(listed),
        "selected_count": sum(item.count for item in chosen),
        "selected_amount": money_text(sum((item.amount for item in chosen), Decimal(0))),
        "all_selected": bool(listed) and all(item.selected for item in listed),
    }


def summary(store: CartStore) -> dict[str, Any]:
    """The cart as the page's script redraws it."""
    listed = services.items(store)
    lines = [
        {
            "sku_id": item.sku_id,
            "count": item.count,
            "selected": item.selected,
            "amount": money_text(item.amount),
        }
        for item in listed
    ]
    return {**totals(listed), "lines": lines}


@require_GET
def cart_page(request: HttpRequest) -> HttpResponse:
    try:
        listed = services.items(services.get_cart_store(request))
    except ServiceUnavailable as error:
        # The cart's cache is down: say so on an otherwise empty cart page.
        messages.error(request, _(error.code.message))
        listed = []
    return render(request, "shopkit/cart/cart.html", {"items": listed, "totals": totals(listed)})


FORM_TYPES = {"multipart/form-data", "application/x-www-form-urlencoded"}


def action_data(request: HttpRequest) -> dict[str, Any]:
    """Form fields (a repeated field is a list), or a JSON object body."""
    try:
        if request.content_type in FORM_TYPES:
            return {key: v[0] if len(v) == 1 else v for key, v in request.POST.lists()}
        return parse_request_data(request)
    except (BadRequestData, MultiPartParserError, SuspiciousOperation):
        raise ShopkitError(ErrorCode.CARTS_BAD_PARAMETER) from None


def back_url(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("shopkit_storefront:cart")


@require_POST
def cart_action(request: HttpRequest, action: str) -> HttpResponse:
    """Apply one change; answer the envelope plus the whole cart's summary.

    A plain form post (no script) of ``add`` is answered with a redirect: to
    the cart on success, back to the product with a message on failure.
    """
    store = services.get_cart_store(request)
    try:
        if action not in ACTIONS:
            raise ShopkitError(ErrorCode.NOT_FOUND)
        ACTIONS[action](store, action_data(request))
    except ShopkitError as error:
        # The error's own message: it may say more than its code (which field).
        message = _(error.message)
        if not wants_json(request):
            messages.error(request, message)
            return redirect(back_url(request))
        body = failure(error.code, message, **error.data)
        if isinstance(error, ServiceUnavailable):
            return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    else:
        if not wants_json(request):
            return redirect("shopkit_storefront:cart")
        body = success()
    return JsonResponse({**body, **summary(store)}, json_dumps_params={"ensure_ascii": False})
