"""Orders and settlements as data for both faces (API and storefront)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from shopkit.accounts.addresses import list_addresses
from shopkit.core.backends import CachePurpose, get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import parse_int
from shopkit.core.money import money_text
from shopkit.core.times import shop_time
from shopkit.orders.models import Order, OrderLine, OrderStatus
from shopkit.orders.placement import Settlement, clean_lines

#: The shopper-facing filter numbers of API.md §5 (0 = all).
LIST_FILTERS: dict[int, tuple[int, ...]] = {
    1: (OrderStatus.UNPAID,),
    2: (OrderStatus.PAID,),
    3: (OrderStatus.SHIPPED,),
    4: (OrderStatus.RECEIVED, OrderStatus.COMPLETED),
}
BUY_NOW_TIMEOUT = 60 * 60


def api_status(status: int) -> int:
    """API.md's status numbers: received and completed are both 4, cancelled 0."""
    return 4 if status == OrderStatus.COMPLETED else int(status)


def user_orders(user: AbstractBaseUser, list_filter: object) -> QuerySet[Order]:
    try:
        number = parse_int(list_filter)
    except ValueError:
        raise ShopkitError(ErrorCode.ORDERS_BAD_PARAMETER) from None
    if number != 0 and number not in LIST_FILTERS:
        raise ShopkitError(ErrorCode.ORDERS_BAD_PARAMETER)
    orders = Order.objects.filter(user=user).prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("id"))
    )
    return orders.filter(status__in=LIST_FILTERS[number]) if number else orders


def line_data(line: OrderLine) -> dict[str, Any]:
    names = [name for name, _value in line.sale_attributes]
    values = [value for _name, value in line.sale_attributes]
    return {
        "id": line.sku_id,
        "name": line.name,
        "default_image_url": line.image,
        "price": money_text(line.price),
        "count": line.count,
        "total_amount": money_text(line.price * line.count),
        "sku_sale_attr_names": names,
        "sku_sale_attr_vals": values,
        "commented": line.commented_at is not None,
    }


def order_data(order: Order) -> dict[str, Any]:
    return {
        "order_id": order.order_id,
        "order_total_amount": money_text(order.total_amount),
        "order_freight": money_text(order.freight),
        "order_time": shop_time(order.created),
        "status": api_status(order.status),
        "order_sku": [line_data(line) for line in order.lines.all()],
    }


def settlement_data(user: AbstractBaseUser, settlement: Settlement) -> dict[str, Any]:
    sku_list = []
    for sku, count in settlement.skus:
        names = [name for name, _value in settlement.sale_attributes[sku.pk]]
        chosen = [value for _name, value in settlement.sale_attributes[sku.pk]]
        sku_list.append(
            {
                "sku_id": sku.pk,
                "name": sku.name,
                "default_image_url": sku.default_image.name or "",
                "price": money_text(sku.price),
                "count": count,
                "sku_sale_attr_names": names,
                "sku_sale_attr_vals": chosen,
                "sku_sale_attr_name": names,
                "sku_sale_attr_val": chosen,
            }
        )
    return {
        "addresses": [
            {
                "id": a.pk,
                "name": a.receiver,
                "address": a.address,
                "mobile": a.receiver_mobile,
                "title": a.tag,
            }
            for a in list_addresses(user)
        ],
        "sku_list": sku_list,
        "total_count": settlement.total_count,
        "total_amount": money_text(settlement.goods_amount),
        "transit": money_text(settlement.freight),
        "payment_amount": money_text(settlement.total_amount),
    }


def remember_buy_now(
    user: AbstractBaseUser, sku_id: object, count: object
) -> list[tuple[int, int]]:
    """Validate and keep the "buy now" choice for the create call that follows."""
    lines = clean_lines([(sku_id, count)])
    get_cache(CachePurpose.ORDER).set(f"shopkit:buy-now:{user.pk}", lines, BUY_NOW_TIMEOUT)
    return lines


def remembered_buy_now(user: AbstractBaseUser) -> list[tuple[int, int]]:
    lines = get_cache(CachePurpose.ORDER).get(f"shopkit:buy-now:{user.pk}")
    if not lines:
        raise ShopkitError(ErrorCode.ORDERS_NOTHING_TO_BUY)
    return lines
