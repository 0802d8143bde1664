"""``/v1/orders/…``: settlement, placement, listing, receipt and comments (API.md §5).

The front end multiplexes operations on ``status`` (and ``type`` under the
per-user paths), so each handler validates those numbers and dispatches to
one service call.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import SkipJsonSchema

from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.api.callbacks import callback_urls
from shopkit.api.openapi import SuccessCode
from shopkit.api.schema_docs import (
    OpenAnswer,
    ShopTime,
    documented_body,
    documented_query,
)
from shopkit.cart.services import cart_count, selected_lines
from shopkit.conf import app_settings
from shopkit.core.backends import StoragePurpose, media_base_url
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import RowId
from shopkit.core.money import money_text
from shopkit.core.parsers import parse_request_data, query_data
from shopkit.orders import queries
from shopkit.orders.comments import MAX_COMMENT_LENGTH, clean_comment, comment_order
from shopkit.orders.lifecycle import confirm_receipt, get_user_order
from shopkit.orders.models import Order, OrderStatus
from shopkit.orders.placement import settle
from shopkit.payments.fields import parse_form
from shopkit.payments.services import confirm_return, pay_url_for, place_to_pay

logger = logging.getLogger(__name__)

router = Router(tags=["orders"], auth=JWTAuth())


# The multiplexing numbers arrive as query-string text; a value outside these is
# ORDERS_BAD_PARAMETER whatever the other parameters say.
StatusText = Literal["0", "1", "2"]
SettlementTypeText = Literal["0", "1"]
OrderStatusText = Literal["0", "1", "2", "3", "4"]
ListTypeText = Literal["0", "1", "2", "3", "4", "5"]


class ProcessingQuery(Schema):
    status: StatusText = Field(description="0 settle, 1 list orders, 2 confirm receipt")
    settlement_type: SettlementTypeText | None = None
    sku_id: str | None = None
    buy_num: str | None = None
    order_status: OrderStatusText = "0"
    order_id: str | None = None


# -- what the handlers answer (validated on the way out) --------------------------


class SettlementAddressOut(OpenAnswer):
    id: int
    name: str = Field(description="the receiver")
    address: str
    mobile: str
    title: str = Field(description="the address's tag")


class SettlementLineOut(OpenAnswer):
    sku_id: int
    name: str
    default_image_url: str = Field(description="path below `base_url`")
    price: str
    count: int
    sku_sale_attr_names: list[str]
    sku_sale_attr_vals: list[str]
    sku_sale_attr_name: list[str] = Field(description="the same as `sku_sale_attr_names`")
    sku_sale_attr_val: list[str] = Field(description="the same as `sku_sale_attr_vals`")


class SettlementDataOut(OpenAnswer):
    addresses: list[SettlementAddressOut] = Field(description="the default address first")
    sku_list: list[SettlementLineOut]
    total_count: int
    total_amount: str = Field(description="the goods, without freight")
    transit: str = Field(description="the freight")
    payment_amount: str


class SettlementOut(OpenAnswer):
    code: SuccessCode
    base_url: str
    data: SettlementDataOut


class OrderLineOut(OpenAnswer):
    id: int = Field(description="the SKU's id")
    name: str
    default_image_url: str = Field(description="path below `base_url`")
    price: str
    count: int
    total_amount: str
    sku_sale_attr_names: list[str]
    sku_sale_attr_vals: list[str]
    commented: bool


class OrderOut(OpenAnswer):
    order_id: str
    order_total_amount: str
    order_freight: str
    order_time: ShopTime
    status: int = Field(description="0 cancelled, 1 unpaid, 2 paid, 3 shipped, 4 received")
    order_sku: list[OrderLineOut]


class OrderListDataOut(OpenAnswer):
    orders_list: list[OrderOut]


class OrderListOut(OpenAnswer):
    code: SuccessCode
    base_url: str
    data: OrderListDataOut


class ReceiptDataOut(OpenAnswer):
    order_id: str
    status: int = Field(description="4: received")


class ReceiptOut(OpenAnswer):
    code: SuccessCode
    data: ReceiptDataOut


class ToPayDataOut(OpenAnswer):
    order_id: str
    total_amount: str
    saller: str = Field(description="the shop's name")
    pay_url: str = Field(description="where the shopper pays (the default provider)")
    carts_count: int


class ToPayOut(OpenAnswer):
    code: SuccessCode
    data: ToPayDataOut


class PaymentResultDataOut(OpenAnswer):
    order_id: str
    total_amount: str


class PaymentResultOut(OpenAnswer):
    code: SuccessCode
    data: PaymentResultDataOut


class CommentsDataOut(OpenAnswer):
    completed: bool = Field(description="every line is commented: the order is completed")


class CommentsOut(OpenAnswer):
    code: SuccessCode
    data: CommentsDataOut


# -- what the handlers read themselves (declared for the schema only) -------------
# The handlers keep reading bodies with ``parse_request_data`` and checking them
# with their own rules and codes. An optional field may be left out, not sent as null.

OptionalRowId = RowId | SkipJsonSchema[None]


class PlaceOrderIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"dependentRequired": {"sku_id": ["buy_num"], "buy_num": ["sku_id"]}}
    )

    address_id: RowId
    settlement_type: Literal[0, 1, "0", "1"] = Field(
        description="0: the cart's selected lines; 1: buy now"
    )
    sku_id: OptionalRowId = Field(None, description="buy now: the SKU (else the one settled)")
    buy_num: OptionalRowId = Field(None, description="buy now: how many")


class CreateOrderIn(PlaceOrderIn):
    status: Literal[0, "0"] = Field(description="0: create an order")


class PayOrderIn(BaseModel):
    status: Literal[1, "1"] = Field(description="1: pay an unpaid order")
    order_id: RowId


class ReceiptIn(BaseModel):
    order_id: RowId


class CommentIn(BaseModel):
    sku_id: RowId
    content: str = Field(pattern=r"\S", max_length=MAX_COMMENT_LENGTH)
    score: Annotated[int, Field(ge=1, le=5)] | Annotated[str, Field(pattern="^[1-5]$")] = 5
    is_anonymous: Any = Field(
        False, description='true, 1, "1", "true", "on" or "yes": shown without a name'
    )


class CommentsIn(BaseModel):
    order_id: RowId
    comments: list[CommentIn] = Field(min_length=1)


class AdvanceQuery(BaseModel):
    settlement_type: SettlementTypeText = Field(
        description="0: the cart's selected lines; 1: buy now"
    )
    sku_id: OptionalRowId = Field(None, description="buy now: the SKU (else the one settled)")
    buy_num: OptionalRowId = Field(None, description="buy now: how many")


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
    return success(base_url=media_base_url(StoragePurpose.SKU_IMAGE, request), data=data)


def _order_list(request: HttpRequest, list_filter: Any) -> dict[str, Any]:
    orders = [queries.order_data(order) for order in queries.user_orders(request.auth, list_filter)]
    return success(
        base_url=media_base_url(StoragePurpose.SKU_IMAGE, request), data={"orders_list": orders}
    )


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


@router.get(
    "/processing/",
    response=SettlementOut | OrderListOut | ReceiptOut,
    summary="Settle, list orders or confirm receipt (by status)",
)
def processing(request: HttpRequest, query: Query[ProcessingQuery]) -> dict[str, Any]:
    if query.status == "0":
        return _settlement(request, query.dict())
    if query.status == "1":
        return _order_list(request, query.order_status)
    if query.status == "2":
        return _receipt(request, query.order_id)
    raise _bad()


@router.post(
    "/processing/",
    response=ToPayOut,
    openapi_extra=documented_body(CreateOrderIn | PayOrderIn, form=True),
    summary="Create an order (status 0) or pay an unpaid one (status 1)",
)
def create_or_pay(request: HttpRequest) -> dict[str, Any]:
    body = parse_request_data(request)
    status = str(body.get("status"))
    if status == "0":
        return _create(request, body)
    if status == "1":
        return _pay_existing(request, body.get("order_id"))
    raise _bad()


@router.get(
    "/result/",
    auth=None,
    response=PaymentResultOut,
    summary="Where the payment page returns the shopper",
)
def result(request: HttpRequest) -> dict[str, Any]:
    """Verify the provider's return parameters; paid → the order, else "not confirmed"."""
    order, paid = confirm_return(None, parse_form(request.META.get("QUERY_STRING", "")))
    data = {"order_id": order.order_id, "total_amount": money_text(order.total_amount)}
    if not paid:
        raise ShopkitError(ErrorCode.PAYS_NOT_CONFIRMED, data=data)
    return success(data=data)


@router.get(
    "/{username}/advance",
    response=SettlementOut,
    openapi_extra=documented_query(AdvanceQuery),
    summary="Settle, under the per-user path",
)
def advance(request: HttpRequest, username: str) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    return _settlement(request, query_data(request))


@router.post(
    "/{username}",
    response=ToPayOut,
    openapi_extra=documented_body(PlaceOrderIn, form=True),
    summary="Create an order, under the per-user path",
)
def create_for_user(request: HttpRequest, username: str) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    return _create(request, parse_request_data(request))


@router.get(
    "/{username}",
    response=OrderListOut | ToPayOut,
    summary="List orders by type (0 all … 4 completed, 5 pay existing)",
)
def list_for_user(
    request: HttpRequest,
    username: str,
    type: ListTypeText = "0",
    order_id: str | None = None,
) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    if type == "5":
        return _pay_existing(request, order_id)
    return _order_list(request, type)


@router.put(
    "/{username}",
    response=ReceiptOut,
    openapi_extra=documented_body(ReceiptIn, form=True),
    summary="Confirm receipt, under the per-user path",
)
def receipt_for_user(request: HttpRequest, username: str) -> dict[str, Any]:
    require_path_user(request, username, ErrorCode.ORDERS_USER_MISMATCH)
    return _receipt(request, parse_request_data(request).get("order_id"))


@router.post(
    "/{username}/comments",
    response=CommentsOut,
    openapi_extra=documented_body(CommentsIn, form=False),
    summary="Comment the lines of a received order",
)
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
