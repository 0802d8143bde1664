"""``/v1/orders/…``: settlement, placement, listing, receipt and comments (API.md §5).

The front end multiplexes operations on ``status`` (and ``type`` under the
per-user paths), so each handler validates those numbers and dispatches to
one service call.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.api.callbacks import callback_urls
from shopkit.cart.services import cart_count, selected_lines
from shopkit.conf import app_settings
from shopkit.core.backends import media_base_url
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.core.money import money_text
from shopkit.core.parsers import parse_request_data, query_data
from shopkit.orders import queries
from shopkit.orders.comments import clean_comment, comment_order
from shopkit.orders.lifecycle import confirm_receipt, get_user_order
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.placement import settle
from shopkit.payments.fields import parse_form
from shopkit.payments.services import confirm_return, pay_url_for, place_to_pay

logger = logging.getLogger(__name__)

router = Router(tags=["orders"], auth=JWTAuth())


class ProcessingQuery(Schema):
    status: str
    settlement_type: str | None = None
    sku_id: str | None = None
    buy_num: str | None = None
    order_status: str = "0"
    order_id: str | None = None


def _bad() -> ShopkitError:
    return ShopkitError(ErrorCode.ORDERS_BAD_PARAMETER)


def _lines(request: HttpRequest, params: dict[str, Any]) -> tuple[list[tuple[int, int]], bool]:
    """What to buy, and whether it comes from the cart: settlement type 0 is
    the cart's selected lines, 1 is "buy now" (remembered for the create call)."""
    settlement_type = str(params.get("settlement_type"))
    if settlement_type == "0":
        return selected_lines(request.auth), True
    if settlement_type != "1":
        raise _bad()
    sku_id, buy_num = params.get("sku_id"), params.get("buy_num")
    if sku_id is not None or buy_num is not None:
        return queries.remember_buy_now(request.auth, sku_id, buy_num), False
    return queries.remembered_buy_now(request.auth), False


def _settlement(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    lines, _from_cart = _lines(request, params)
    data = queries.settlement_data(request.auth, settle(lines))
    return success(base_url=media_base_url("sku_image", request), data=data)


def _order_list(request: HttpRequest, list_filter: Any) -> dict[str, Any]:
    orders = [queries.order_data(order) for order in queries.user_orders(request.auth, list_filter)]
    return success(base_url=media_base_url("sku_image", request), data={"orders_list": orders})


def _receipt(request: HttpRequest, order_id: Any) -> dict[str, Any]:
    order = confirm_receipt(request.auth, order_id)
    return success(data={"order_id": order.order_id, "status": queries.api_status(order.status)})


def _to_pay(request: HttpRequest, order: Order, pay_url: str) -> dict[str, Any]:
    """What the front end needs to send the shopper on to pay ``order``."""
    try:
        count = cart_count(request, request.auth)
    except Exception:
        # The order is committed: a cart store that is down must not make the
        # answer an error (the shopper would place it again).
        logger.exception("Could not count the cart after placing order %s", order.order_id)
        count = 0
    return {
        "order_id": order.order_id,
        "total_amount": money_text(order.total_amount),
        "saller": app_settings.SHOP_NAME,
        "pay_url": pay_url,
        "carts_count": count,
    }


def _create(request: HttpRequest, body: dict[str, Any]) -> dict[str, Any]:
    lines, from_cart = _lines(request, body)
    order, pay_url = place_to_pay(
        request.auth, body.get("address_id"), lines, callback_urls(request), from_cart=from_cart
    )
    return success(data=_to_pay(request, order, pay_url))


def _pay_existing(request: HttpRequest, order_id: Any) -> dict[str, Any]:
    """The same answer for an unpaid order the shopper placed before."""
    order = get_user_order(request.auth, order_id)
    if order.status != OrderStatus.UNPAID:
        raise ShopkitError(ErrorCode.ORDERS_ILLEGAL_TRANSITION)
    return success(data=_to_pay(request, order, pay_url_for(order, callback_urls(request))))


@router.get("/processing/", summary="Settle, list orders or confirm receipt (by status)")
def processing(request: HttpRequest, query: Query[ProcessingQuery]) -> dict[str, Any]:
    if query.status == "0":
        return _settlement(request, query.dict())
    if query.status == "1":
        return _order_list(request, query.order_status)
    if query.status == "2":
        return _receipt(request, query.order_id)
    raise _bad()


@router.post("/processing/", summary="Create an order (status 0) or pay an unpaid one (status 1)")
def create_or_pay(request: HttpRequest) -> dict[str, Any]:
    body = parse_request_data(request)
    status = str(body.get("status"))
    if status == "0":
        return _create(request, body)
    if status == "1":
        return _pay_existing(request, body.get("order_id"))
    raise _bad()


@router.get("/result/", auth=None, summary="Where the payment page returns the shopper")
def result(request: HttpRequest) -> dict[str, Any]:
    """Verify the provider's return parameters; paid → the order, else "not confirmed"."""
    order, paid = confirm_return(None, parse_form(request.META.get("QUERY_STRING", "")))
    data = {"order_id": order.order_id, "total_amount": money_text(order.total_amount)}
    if not paid:
        raise ShopkitError(ErrorCode.PAYS_NOT_CONFIRMED, data=data)
    return success(data=data)


@router.get("/{username}/advance", summary="Settle, under the per-user path")
def advance(request: HttpRequest, username: str) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    return _settlement(request, query_data(request))


@router.post("/{username}", summary="Create an order, under the per-user path")
def create_for_user(request: HttpRequest, username: str) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    return _create(request, parse_request_data(request))


@router.get("/{username}", summary="List orders by type (0 all … 4 completed, 5 pay existing)")
def list_for_user(
    request: HttpRequest, username: str, type: str = "0", order_id: str | None = None
) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    if type == "5":
        return _pay_existing(request, order_id)
    return _order_list(request, type)


@router.put("/{username}", summary="Confirm receipt, under the per-user path")
def receipt_for_user(request: HttpRequest, username: str) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    return _receipt(request, parse_request_data(request).get("order_id"))


@router.post("/{username}/comments", summary="Comment the lines of a received order")
def comments(request: HttpRequest, username: str) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    body = parse_request_data(request)
    raw = body.get("comments")
    if not isinstance(raw, list) or not raw or not all(isinstance(item, dict) for item in raw):
        raise _bad()
    completed = comment_order(
        request.auth, body.get("order_id"), [clean_comment(item) for item in raw]
    )
    return success(data={"completed": completed})
