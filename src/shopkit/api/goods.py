"""``/v1/goods/…``: the catalogue, exactly as API.md §3."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from shopkit.core.backends import media_base_url
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import WholeNumber
from shopkit.core.parsers import parse_request_data, query_data
from shopkit.goods import services
from shopkit.search import services as search_services

router = Router(tags=["goods"])


class CatalogQuery(Schema):
    page: str = "1"
    sort: str = "default"
    launched: str = "true"


class SkuLookupOut(Schema):
    code: int
    data: int


def _base_url(request: HttpRequest) -> str:
    return media_base_url("sku_image", request)


def _card_page(request: HttpRequest, page: dict[str, Any]) -> dict[str, Any]:
    """One page of SKU cards as API.md lists goods: the cards, then the paginator."""
    return success(
        base_url=_base_url(request),
        data=[
            {key: card[key] for key in ("skuid", "name", "price", "image")} for card in page["skus"]
        ],
        paginator={"pagesize": page["page_size"], "total": page["total"]},
    )


@router.get("/index", summary="Categories with at least three launched SKUs")
def index(request: HttpRequest) -> dict[str, Any]:
    return success(base_url=_base_url(request), data=services.catalog_overview())


@router.get("/catalogs/{category_id}", summary="One page of a category's SKUs")
def catalog(request: HttpRequest, category_id: int, params: Query[CatalogQuery]) -> dict[str, Any]:
    category = services.get_category(category_id)
    return _card_page(request, services.category_page(category, params.sort, params.page))


@router.get("/detail/{sku_id}", summary="One SKU with its SPU's sale attributes")
def detail(request: HttpRequest, sku_id: int) -> dict[str, Any]:
    sku = services.sku_detail(sku_id)
    chosen = [a for a in sku["sale_attributes"] if a["chosen"] is not None]
    value_names = {v["id"]: v["name"] for a in sku["sale_attributes"] for v in a["values"]}
    data = {
        "image": sku["image"],
        "spu": sku["spu_id"],
        "spu_name": sku["spu"],
        "name": sku["name"],
        "caption": sku["caption"],
        "price": sku["price"],
        "market_price": sku["market_price"],
        "stock": sku["stock"],
        "catalog_id": sku["catalog_id"],
        "catalog_name": sku["catalog_name"],
        "detail_image": sku["images"][0] if sku["images"] else sku["image"],
        "images": sku["images"],
        "description": sku["description"],
        "spec": sku["spec"],
        "sku_sale_attr_id": [a["id"] for a in chosen],
        "sku_sale_attr_names": [a["name"] for a in chosen],
        "sku_sale_attr_val_id": [a["chosen"] for a in chosen],
        "sku_sale_attr_val_names": [value_names[a["chosen"]] for a in chosen],
        "sku_all_sale_attr_vals_id": {
            str(a["id"]): [v["id"] for v in a["values"]] for a in sku["sale_attributes"]
        },
        "sku_all_sale_attr_vals_name": {
            str(a["id"]): [v["name"] for v in a["values"]] for a in sku["sale_attributes"]
        },
        "comments": sku.get("comments", []),
    }
    return success(base_url=_base_url(request), data=data)


class SkuLookupIn(Schema):
    spuid: WholeNumber = Field(gt=0)


@router.post("/sku", response=SkuLookupOut, summary="The SKU of an SPU for chosen sale values")
def sku_for_values(request: HttpRequest, payload: SkuLookupIn) -> dict[str, Any]:
    # Sale attribute ids are dynamic keys, so they are read beside the typed field.
    chosen = {k: v for k, v in parse_request_data(request).items() if k != "spuid"}
    if not chosen:
        raise ShopkitError(
            ErrorCode.GOODS_BAD_PARAMETER, "Choose a value for every sale attribute."
        )
    return success(data=services.sku_for_values(payload.spuid, chosen))


@router.api_operation(
    ["GET", "POST"],
    "/search",
    summary="Search launched SKUs (q, page as form fields or in the query string)",
)
def search(request: HttpRequest) -> dict[str, Any]:
    # Unreadable input raises BadRequestData: the envelope answers GOODS_BAD_PARAMETER.
    params: dict[str, Any] = query_data(request)
    if request.method == "POST":
        params.update(parse_request_data(request))
    return _card_page(request, search_services.search_skus(params.get("q"), params.get("page", 1)))
