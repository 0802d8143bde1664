"""``/v1/pays/…``: payment providers and payment callbacks."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from shopkit.core.envelope import success
from shopkit.payments.registry import get_payment_providers

router = Router(tags=["pays"])


class ProviderOut(Schema):
    name: str
    title: str


class ProvidersOut(Schema):
    code: int
    data: list[ProviderOut]


@router.get("/providers", response=ProvidersOut, summary="List the active payment providers")
def list_providers(request: HttpRequest) -> dict:
    providers = get_payment_providers().values()
    return success(data=[{"name": p.name, "title": str(p.title or p.name)} for p in providers])
