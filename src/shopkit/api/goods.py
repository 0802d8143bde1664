"""``/v1/goods/…``: the catalogue, exactly as API.md §3."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.renderers import JSONRenderer
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import SkipJsonSchema

from shopkit.api.openapi import SuccessCode
from shopkit.api.schema_docs import (
    OpenAnswer,
    ShopTime,
    documented_answer,
    documented_body,
    documented_query,
)
from shopkit.core.backends import media_base_url
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import WHOLE_NUMBER_TEXT, RowId
from shopkit.core.parsers import parse_request_data, query_data
from shopkit.goods import services
from shopkit.goods.page_cache import cached_page
from shopkit.search import services as search_services
from shopkit.search.facets import CATEGORY_PATTERN, PRICE_PATTERN, clean_filters

router = Router(tags=["goods"])
#: The API's renderer (ninja's default), for the answers served as cached bytes.
RENDERER = JSONRenderer()


class CatalogQuery(Schema):
    page: str = "1"
    sort: str = "default"
    launched: str = "true"


class SkuLookupOut(Schema):
    code: SuccessCode
    data: int


class OverviewSkuOut(OpenAnswer):
    skuid: int
    name: str
    caption: str
    price: str
    image: str = Field(description="path below `base_url`")


class OverviewCategoryOut(OpenAnswer):
    catalog_id: int
    catalog_name: str
    sku: list[OverviewSkuOut] = Field(description="the category's first three launched SKUs")


class IndexOut(OpenAnswer):
    code: SuccessCode
    base_url: str
    data: list[OverviewCategoryOut]


class SkuCardOut(OpenAnswer):
    skuid: int
    name: str
    price: str
    image: str = Field(description="path below `base_url`")


class PaginatorOut(OpenAnswer):
    pagesize: int
    total: int = Field(description="how many SKUs on all pages")


class SkuCardPageOut(OpenAnswer):
    code: SuccessCode
    base_url: str
    data: list[SkuCardOut]
    paginator: PaginatorOut


class SkuCommentOut(OpenAnswer):
    name: str | None = Field(description="the shopper's username; null when anonymous")
    is_anonymous: bool
    content: str
    score: int = Field(ge=1, le=5)
    created: ShopTime


class SkuDetailDataOut(OpenAnswer):
    """A SKU's detail. Plugins add keys of their own (``shopkit_sku_detail``),
    carried beside these, so keys not listed here are allowed too; ``comments``
    come from the built-in orders plugin."""

    image: str = Field(description="path below `base_url`")
    spu: int = Field(description="the SPU's id")
    spu_name: str
    name: str
    caption: str
    price: str
    market_price: str
    stock: int
    catalog_id: int
    catalog_name: str
    detail_image: str = Field(description="path below `base_url`")
    images: list[str] = Field(description="paths below `base_url`")
    description: str = Field(description="sanitised HTML")
    spec: dict[str, str]
    sku_sale_attr_id: list[int]
    sku_sale_attr_names: list[str]
    sku_sale_attr_val_id: list[int]
    sku_sale_attr_val_names: list[str]
    sku_all_sale_attr_vals_id: dict[str, list[int]] = Field(
        description="sale attribute id → its value ids"
    )
    sku_all_sale_attr_vals_name: dict[str, list[str]] = Field(
        description="sale attribute id → its value names"
    )
    comments: list[SkuCommentOut]


class SkuDetailOut(OpenAnswer):
    code: SuccessCode
    base_url: str
    data: SkuDetailDataOut


FacetsFlag = Literal["", "0", "1", "false", "true"]
PriceIn = Annotated[float, Field(ge=0)] | Annotated[str, Field(pattern=PRICE_PATTERN)]


class SearchQuery(BaseModel):
    q: str | SkipJsonSchema[None] = Field(None, description="what to search for")
    page: str | SkipJsonSchema[None] = Field(None, description="1-based; anything else is page 1")
    category: Annotated[str, Field(pattern=CATEGORY_PATTERN)] | SkipJsonSchema[None] = Field(
        None,
        description="only SKUs of this category id (a `facets.categories` id); blank: any",
    )
    price_min: Annotated[str, Field(pattern=PRICE_PATTERN)] | SkipJsonSchema[None] = Field(
        None,
        description="only SKUs at this price or more (e.g. `50` or `49.90`); blank: no limit",
    )
    price_max: Annotated[str, Field(pattern=PRICE_PATTERN)] | SkipJsonSchema[None] = Field(
        None,
        description="only SKUs at this price or less (below `price_min`: nothing)",
    )
    facets: FacetsFlag | SkipJsonSchema[None] = Field(
        None,
        description="`true` or `1`: answer `facets` (also answered whenever a filter is given)",
    )


class SuggestQuery(BaseModel):
    q: str | SkipJsonSchema[None] = Field(None, description="what the shopper has typed so far")


class SuggestionOut(OpenAnswer):
    text: str = Field(description="a launched SKU's or SPU's name, to search for")


class SuggestOut(OpenAnswer):
    code: SuccessCode
    data: list[SuggestionOut] = Field(
        description="up to 8 names the query begins (or its pinyin or initials), best first"
    )


class SearchIn(BaseModel):
    """Every field may be left out: the query string can carry them."""

    q: str | int | float | SkipJsonSchema[None] = Field(None, description="what to search for")
    page: Any = Field(None, description="1-based; anything else is page 1")
    category: (
        Annotated[int, Field(ge=1, lt=10**18)]
        | Annotated[str, Field(pattern=CATEGORY_PATTERN)]
        | SkipJsonSchema[None]
    ) = Field(None, description="only SKUs of this category id; blank: any")
    price_min: PriceIn | SkipJsonSchema[None] = Field(
        None, description="only SKUs at this price or more; blank: no limit"
    )
    price_max: PriceIn | SkipJsonSchema[None] = Field(
        None, description="only SKUs at this price or less; blank: no limit"
    )
    facets: bool | FacetsFlag | SkipJsonSchema[None] = Field(
        None, description="`true`: answer `facets`"
    )


class CategoryFacetOut(OpenAnswer):
    id: int = Field(description="the value of `category` that narrows to it")
    name: str
    count: int = Field(description="results in it, under the chosen price range")


class PriceFacetOut(OpenAnswer):
    min: str = Field(description="the value of `price_min` that narrows to it")
    max: str | None = Field(description="the value of `price_max`; null: no upper limit")
    count: int = Field(description="results in it (both ends included), in the chosen category")


class FacetsOut(OpenAnswer):
    categories: list[CategoryFacetOut] = Field(description="most results first")
    prices: list[PriceFacetOut] = Field(description="lowest first; empty ranges left out")


class SearchPageOut(SkuCardPageOut):
    facets: FacetsOut | SkipJsonSchema[None] = Field(
        None, description="with `facets=true` or any filter: the results' categories and prices"
    )


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


def _rendered(
    request: HttpRequest, key: str, answer: Callable[[str], dict[str, Any]]
) -> HttpResponse:
    """``answer(base_url)`` as the API renders it, rendered once and then served
    as cached bytes (kept in the worker's memory, checked against the tags of
    the data it was built from, which the page cache collects)."""
    base_url = _base_url(request)

    def build() -> tuple[bytes, set[str]]:
        rendered = RENDERER.render(request, answer(base_url), response_status=200)
        return rendered.encode(RENDERER.charset), set()

    digest = hashlib.sha256(base_url.encode()).hexdigest()[:16]
    body = cached_page(f"api:{key}:{digest}", build, local=True)
    return HttpResponse(body, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")


# The index and the detail are the hottest answers: they are served as
# rendered bytes (``_rendered``), so neither ninja's response validation nor
# JSON encoding runs per request. Their shapes are declared for the schema
# only; ``test_operation_schemas`` checks real answers against them. The
# other goods answers are validated on the way out.
@router.get(
    "/index",
    openapi_extra=documented_answer(IndexOut),
    summary="Categories with at least three launched SKUs",
)
def index(request: HttpRequest) -> HttpResponse:
    return _rendered(
        request,
        "index",
        lambda base_url: success(base_url=base_url, data=services.catalog_overview()),
    )


@router.get(
    "/catalogs/{category_id}", response=SkuCardPageOut, summary="One page of a category's SKUs"
)
def catalog(request: HttpRequest, category_id: int, params: Query[CatalogQuery]) -> dict[str, Any]:
    category = services.get_category(category_id)
    return _card_page(request, services.category_page(category, params.sort, params.page))


@router.get(
    "/detail/{sku_id}",
    openapi_extra=documented_answer(SkuDetailOut),
    summary="One SKU with its SPU's sale attributes",
)
def detail(request: HttpRequest, sku_id: int) -> HttpResponse:
    return _rendered(
        request,
        f"detail:{sku_id}",
        lambda base_url: success(base_url=base_url, data=_detail_data(sku_id)),
    )


def _detail_data(sku_id: int) -> dict[str, Any]:
    sku = services.sku_detail(sku_id)
    own = _own_detail_data(sku)
    # Plugins' entries as they gave them; the API's own keys are never replaced.
    return {**own, **{key: sku[key] for key in sku["plugin_keys"] if key not in own}}


def _own_detail_data(sku: dict[str, Any]) -> dict[str, Any]:
    chosen = [a for a in sku["sale_attributes"] if a["chosen"] is not None]
    value_names = {v["id"]: v["name"] for a in sku["sale_attributes"] for v in a["values"]}
    return {
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


class SkuLookupIn(Schema):
    """``spuid`` and, for each sale attribute, ``"<attribute id>": <value id>``."""

    # The attribute ids are dynamic keys: whole numbers, like the value ids they name.
    model_config = ConfigDict(
        json_schema_extra={
            "minProperties": 2,
            "propertyNames": {"pattern": f"^(spuid|{WHOLE_NUMBER_TEXT})$"},
            "additionalProperties": {
                "anyOf": [
                    {"type": "integer"},
                    {"type": "string", "pattern": f"^{WHOLE_NUMBER_TEXT}$"},
                ]
            },
        }
    )

    spuid: RowId


@router.post("/sku", response=SkuLookupOut, summary="The SKU of an SPU for chosen sale values")
def sku_for_values(request: HttpRequest, payload: SkuLookupIn) -> dict[str, Any]:
    # Sale attribute ids are dynamic keys, so they are read beside the typed field.
    chosen = {k: v for k, v in parse_request_data(request).items() if k != "spuid"}
    if not chosen:
        raise ShopkitError(
            ErrorCode.GOODS_BAD_PARAMETER, gettext_noop("Choose a value for every sale attribute.")
        )
    return success(data=services.sku_for_values(payload.spuid, chosen))


FILTER_FIELDS = ("category", "price_min", "price_max", "facets")
FACETS_FLAGS = {"": False, "0": False, "false": False, "1": True, "true": True}


def _facets_flag(raw: object) -> bool:
    if raw is None or isinstance(raw, bool):
        return bool(raw)
    flag = FACETS_FLAGS.get(raw) if isinstance(raw, str) else None
    if flag is None:
        raise ShopkitError(
            ErrorCode.GOODS_BAD_PARAMETER, gettext_noop("facets must be true or false.")
        )
    return flag


def _search(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    # Unreadable input raises BadRequestData: the envelope answers GOODS_BAD_PARAMETER.
    if any(params.get(name, "") is None for name in FILTER_FIELDS):
        # Left out means no limit; a JSON null is not a value the schema offers.
        raise ShopkitError(
            ErrorCode.GOODS_BAD_PARAMETER, gettext_noop("Leave out a filter instead of null.")
        )
    filters = clean_filters(params)
    page = search_services.search_skus(
        params.get("q"), params.get("page", 1), filters, facets=_facets_flag(params.get("facets"))
    )
    answer = _card_page(request, page)
    if "facets" in page:
        answer["facets"] = page["facets"]
    return answer


@router.get(
    "/search",
    response=SearchPageOut,
    exclude_unset=True,
    openapi_extra=documented_query(SearchQuery),
    summary="Search launched SKUs (q, page, filters in the query string)",
)
def search(request: HttpRequest) -> dict[str, Any]:
    return _search(request, query_data(request))


@router.post(
    "/search",
    response=SearchPageOut,
    exclude_unset=True,
    openapi_extra=documented_body(SearchIn, form=True, required=False),
    summary="Search launched SKUs (q, page, filters as form or JSON fields or in the query string)",
)
def search_form(request: HttpRequest) -> dict[str, Any]:
    params: dict[str, Any] = query_data(request)
    params.update(parse_request_data(request))
    return _search(request, params)


@router.get(
    "/search/suggest",
    response=SuggestOut,
    openapi_extra=documented_query(SuggestQuery),
    summary="Search-as-you-type: names of launched SKUs and SPUs the query begins",
)
def search_suggest(request: HttpRequest) -> dict[str, Any]:
    return success(data=search_services.search_suggestions(query_data(request).get("q")))
