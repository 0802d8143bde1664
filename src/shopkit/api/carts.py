"""``/v1/carts/<u>``: the token user's cart, exactly as API.md §4.

Every answer is the whole cart after the change. Ids and counts are JSON
integers or strings of ASCII digits (``RowId``); anything else is
``CARTS_BAD_PARAMETER`` before the cart service is asked.

The answers are rendered as built, past ninja's validation of a returned
dict against ``CartOut``: checking a cart that :func:`item_as_dict` has
just typed took three times as long as rendering it, on the busiest call
of the API (the add to cart). ``CartOut``
still describes them in the schema, and ``tests/api/test_fuzz.py`` holds
every answer to it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema

from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.api.openapi import SuccessCode
from shopkit.cart import services
from shopkit.core.backends import StoragePurpose, media_base_url
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import json_envelope, success
from shopkit.core.ids import RowId
from shopkit.core.money import money_text

router = Router(tags=["carts"], auth=JWTAuth())


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
    code: SuccessCode
    base_url: str
    data: list[CartItemOut]


class AddIn(Schema):
    sku_id: RowId
    count: RowId = 1


class LineChangeIn(Schema):
    state: Literal["add", "del", "select", "unselect"]
    sku_id: RowId
    count: RowId | None = Field(None, description="sent by some front ends; ignored")


class AllLinesChangeIn(Schema):
    state: Literal["selectall", "unselectall"]
    sku_id: RowId | list[RowId] | None = Field(None, description="only these lines")


#: One line by ``sku_id``, or every line (``selectall``/``unselectall``).
ChangeIn = Annotated[LineChangeIn | AllLinesChangeIn, Field(discriminator="state")]


class DeleteIn(Schema):
    sku_id: RowId


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


def cart_answer(request: HttpRequest, listed: list[services.CartItem]) -> JsonResponse:
    return json_envelope(
        success(
            base_url=media_base_url(StoragePurpose.SKU_IMAGE, request),
            data=[item_as_dict(item) for item in listed],
        )
    )


def whole_cart(request: HttpRequest, user: AbstractBaseUser) -> JsonResponse:
    return cart_answer(request, services.items(services.get_cart_store(request, user)))


@router.get("/{username}", response=CartOut, summary="The cart")
def list_cart(request: HttpRequest, username: str) -> JsonResponse:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    return whole_cart(request, user)


@router.post("/{username}", response=CartOut, summary="Add units of a SKU (selects its line)")
def add_to_cart(request: HttpRequest, username: str, payload: AddIn) -> JsonResponse:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    store = services.get_cart_store(request, user)
    return cart_answer(request, services.add_and_list(store, payload.sku_id, payload.count))


@router.put("/{username}", response=CartOut, summary="+1, −1, select or unselect lines")
def change_cart(request: HttpRequest, username: str, payload: ChangeIn) -> JsonResponse:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    store = services.get_cart_store(request, user)
    if payload.state == "selectall":
        services.select_all(store, payload.sku_id)
    elif payload.state == "unselectall":
        services.unselect_all(store, payload.sku_id)
    else:
        {
            "add": services.increment,
            "del": services.decrement,
            "select": services.select,
            "unselect": services.unselect,
        }[payload.state](store, payload.sku_id)
    return whole_cart(request, user)


@router.delete("/{username}", response=CartOut, summary="Remove a line")
def delete_from_cart(request: HttpRequest, username: str, payload: DeleteIn) -> JsonResponse:
    user = require_path_user(request, username, ErrorCode.CARTS_USER_MISMATCH)
    store = services.get_cart_store(request, user)
    services.delete(store, payload.sku_id)
    return whole_cart(request, user)
