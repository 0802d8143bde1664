"""``/v1/tokens``: API login, merging the offline cart sent with it."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import BeforeValidator, ConfigDict

from shopkit.accounts import services
from shopkit.api.openapi import SuccessCode
from shopkit.core.envelope import success
from shopkit.core.ids import RowId, positive_whole_number

router = Router(tags=["tokens"])


class OfflineCartItemIn(Schema):
    """One line of the browser's cart; other keys it carries are ignored."""

    id: RowId
    count: positive_whole_number(9999)  # type: ignore[valid-type]


#: What the dadashop client sends for "no offline cart": after a shopper empties
#: the cart it stores ``'""'`` and sends ``""``; older states give ``null`` or ``"[]"``.
EMPTY_CART_TEXTS = ("", "null", "[]")


def offline_cart_value(value: Any) -> Any:
    """An empty offline cart in any form the client sends becomes ``[]``."""
    return [] if value is None or value in EMPTY_CART_TEXTS else value


def document_empty_cart_forms(schema: dict[str, Any]) -> None:
    """Describe the empty forms too, so the schema matches what is accepted."""
    as_list = {key: schema.pop(key) for key in list(schema) if key not in ("title", "description")}
    schema["anyOf"] = [as_list, {"enum": list(EMPTY_CART_TEXTS)}, {"type": "null"}]


OfflineCart = Annotated[
    list[OfflineCartItemIn],
    BeforeValidator(offline_cart_value),
    Field(max_length=200, json_schema_extra=document_empty_cart_forms),
]


class LoginIn(Schema):
    model_config = ConfigDict(coerce_numbers_to_str=True)

    username: str = Field(max_length=150)
    password: str = Field(max_length=128)
    cart: OfflineCart = Field(default_factory=list)


class TokenLenData(Schema):
    token: str
    len: int


class TokenLoginOut(Schema):
    code: SuccessCode
    username: str
    token: str
    len: int = Field(description="lines in the shopper's cart after the merge")
    carts_count: int
    data: TokenLenData


@router.post("", response=TokenLoginOut, summary="Log in and get a token")
def login(request: HttpRequest, payload: LoginIn) -> dict:
    user = services.authenticate_shopper(request, payload.username, payload.password)
    lines = [services.OfflineCartLine(item.id, item.count) for item in payload.cart]
    logged_in = services.log_in_with_token(request, user, lines)
    return success(
        username=user.get_username(),
        token=logged_in.token,
        len=logged_in.cart_count,
        carts_count=logged_in.cart_count,
        data={"token": logged_in.token, "len": logged_in.cart_count},
    )
