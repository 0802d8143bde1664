"""``/v1/pays/…``: payment providers and starting a payment.

The provider callbacks ``/v1/pays/<provider>/notify`` and
``/v1/pays/<provider>/return`` are plain Django views in
``shopkit.api.callbacks``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from shopkit.api.auth import JWTAuth
from shopkit.api.callbacks import callback_urls
from shopkit.api.openapi import SuccessCode
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.models import Order
from shopkit.payments.registry import get_payment_providers
from shopkit.payments.services import pay_url_for

router = Router(tags=["pays"])

ORDER_ID = r"^[0-9]{1,16}$"


class ProviderOut(Schema):
    name: str
    title: str


class ProvidersOut(Schema):
    code: SuccessCode
    data: list[ProviderOut]


class PayIn(Schema):
    provider: str | None = Field(
        None,
        min_length=1,
        max_length=30,
        description="default: SHOPKIT_DEFAULT_PAYMENT_PROVIDER, else the first active provider",
    )


class PayUrl(Schema):
    pay_url: str


class PayOut(Schema):
    code: SuccessCode
    data: PayUrl


@router.get("/providers", response=ProvidersOut, summary="List the active payment providers")
def list_providers(request: HttpRequest) -> dict:
    providers = get_payment_providers().values()
    return success(data=[{"name": p.name, "title": str(p.title or p.name)} for p in providers])


@router.post(
    "/{order_id}", response=PayOut, auth=JWTAuth(), summary="Start paying one's unpaid order"
)
def start_payment(
    request: HttpRequest, payload: PayIn, order_id: str = Path(..., pattern=ORDER_ID)
) -> dict:
    order = Order.objects.filter(pk=order_id, user=request.auth).first()  # type: ignore[attr-defined]
    if order is None:
        raise ShopkitError(ErrorCode.PAYS_ORDER_NOT_FOUND)
    return success(data={"pay_url": pay_url_for(order, callback_urls(request), payload.provider)})
