"""``/v1/carts/<u>``: the token user's cart, exactly as API.md §4.

Every answer is the whole cart after the change. Ids and counts are passed
to the cart service as they came (numbers or strings); it coerces them and
refuses anything else with ``CARTS_BAD_PARAMETER``.
"""

from __future__ import annotations

from typing import Any, Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StrictInt, StrictStr

from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.cart import services
from shopkit.core.backends import media_base_url
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.core.money import money_text

router = Router(tags=["carts"], auth=JWTAuth())

# Strict: a bool is not a number ("true" is not a count); the cart service
# parses the strings (ASCII digits only).
IdOrDigits = StrictInt | StrictStr


class CartItemOut(Schema):
    id: int
    name: str
    count: int
    selected: int = Field(description="1 selected, 0 not")
    default_image_url: str = Field(description="path below `base_url`")
    price: str
    sku_sale_attr_name: list[str]
    sku_sale_attr_val: list[str]


class CartOut(Schema):
    code: int
    base_url: str
    data: list[CartItemOut]


class AddIn(Schema):
    sku_id: IdOrDigits | None = None
    count: IdOrDigits = 1


class ChangeIn(Schema):
    state: Literal["add", "del", "select", "unselect", "selectall", "unselectall"]
    sku_id: IdOrDigits | list[IdOrDigits] | None = None
    count: IdOrDigits | None = Field(None, description="sent by some front ends; ignored")


class DeleteIn(Schema):
    sku_id: IdOrDigits | None = None


def item_as_dict(item: services.CartItem) -> dict[str, Any]:
    return {
        "id": item.sku_id,
        "name": item.name,
        "count": item.count,
        "selected": int(item.selected),
        "default_image_url": item.image,
        "price": money_text(item.price),
        "sku_sale_attr_name": item.sale_attr_names,
        "sku_sale_attr_val": item.sale_attr_values,
    }


def whole_cart(request: HttpRequest, user: AbstractBaseUser) -> dict[str, Any]:
    store = services.get_cart_store(request, user)
    return success(
        base_url=media_base_url("sku_image", request),
        data=[item_as_dict(item) for item in services.items(store)],
    )


def one_sku_id(value: object) -> object:
    if value is None or isinstance(value, list):
        raise ShopkitError(ErrorCode.CARTS_BAD_PARAMETER, "Send one sku_id.")
    return value


@router.get("/{username}", response=CartOut, summary="The cart")
def list_cart(request: HttpRequest, username: str) -> dict[str, Any]:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    return whole_cart(request, user)


@router.post("/{username}", response=CartOut, summary="Add units of a SKU (selects its line)")
def add_to_cart(request: HttpRequest, username: str, payload: AddIn) -> dict[str, Any]:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    store = services.get_cart_store(request, user)
    services.add(store, one_sku_id(payload.sku_id), payload.count)
    return whole_cart(request, user)


@router.put("/{username}", response=CartOut, summary="+1, −1, select or unselect lines")
def change_cart(request: HttpRequest, username: str, payload: ChangeIn) -> dict[str, Any]:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    store = services.get_cart_store(request, user)
    if payload.state == "selectall":
        services.select_all(store, payload.sku_id)
    elif payload.state == "unselectall":
        services.unselect_all(store, payload.sku_id)
    else:
        sku_id = one_sku_id(payload.sku_id)
        {
            "add": services.increment,
            "del": services.decrement,
            "select": services.select,
            "unselect": services.unselect,
        }[payload.state](store, sku_id)
    return whole_cart(request, user)


@router.delete("/{username}", response=CartOut, summary="Remove a line")
def delete_from_cart(request: HttpRequest, username: str, payload: DeleteIn) -> dict[str, Any]:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    store = services.get_cart_store(request, user)
    services.delete(store, one_sku_id(payload.sku_id))
    return whole_cart(request, user)
