"""Catalogue reads for both faces (storefront and API), cached with tags.

Every function returns plain data (dicts, lists, strings), so the page cache
can hold it and the API can serialise it. Money is a two-place string.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import Prefetch

from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import parse_int
from shopkit.core.money import money_text
from shopkit.core.pagination import clamp_page, page_window
from shopkit.goods import tags
from shopkit.goods.models import SKU, Category, SaleAttribute
from shopkit.goods.page_cache import cached_page
from shopkit.goods.richtext import sanitised_rich_text
from shopkit.plugins import get_plugin_manager

SORTS = {"default": ("id",), "price": ("price", "id"), "hot": ("-sales", "id")}
NEWEST_IN_CATEGORY = 2
OVERVIEW_SKUS_PER_CATEGORY = 3


def sku_card(sku: SKU) -> dict[str, Any]:
    return {
        "skuid": sku.pk,
        "name": sku.name,
        "caption": sku.caption,
        "price": money_text(sku.price),
        "image": sku.default_image.name or "",
    }


def category_summary(category: Category) -> dict[str, Any]:
    return {"id": category.pk, "name": category.name}


def get_category(category_id: object) -> Category:
    try:
        return Category.objects.get(pk=parse_int(category_id))
    except (ValueError, Category.DoesNotExist):
        raise ShopkitError(ErrorCode.GOODS_CATEGORY_NOT_FOUND) from None


def categories() -> list[dict[str, Any]]:
    def build() -> tuple[list[dict[str, Any]], set[str]]:
        return [category_summary(c) for c in Category.objects.filter(parent=None)], {
            tags.CATEGORIES
        }

    return cached_page("categories", build)


def catalog_overview() -> list[dict[str, Any]]:
    """Categories with at least three launched SKUs, with their first three."""

    def build() -> tuple[list[dict[str, Any]], set[str]]:
        rows, depends = [], {tags.CATEGORIES}
        launched = SKU.objects.launched().order_by("id")
        for category in Category.objects.prefetch_related(Prefetch("skus", queryset=launched)):
            depends.add(tags.category_tag(category.pk))
            skus = list(category.skus.all())
            if len(skus) >= OVERVIEW_SKUS_PER_CATEGORY:
                rows.append(
                    {
                        "catalog_id": category.pk,
                        "catalog_name": category.name,
                        "sku": [sku_card(s) for s in skus[:OVERVIEW_SKUS_PER_CATEGORY]],
                    }
                )
        return rows, depends

    return cached_page("catalog-overview", build)


def category_page(category: Category, sort: str, page: object) -> dict[str, Any]:
    """One page of a category's launched SKUs; unknown sorts and pages fall back to the first."""
    sort = sort if sort in SORTS else "default"
    page_size = app_settings.LIST_PAGE_SIZE
    skus = SKU.objects.launched().filter(category=category)
    total = cached_page(
        f"category:{category.pk}:count", lambda: (skus.count(), {tags.category_tag(category.pk)})
    )
    num_pages = max(1, math.ceil(total / page_size))
    number = clamp_page(page, num_pages)

    def build() -> tuple[dict[str, Any], set[str]]:
        start = (number - 1) * page_size
        items = skus.order_by(*SORTS[sort])[start : start + page_size]
        data = {
            "category": category_summary(category),
            "sort": sort,
            "skus": [sku_card(s) for s in items],
            "total": total,
            "page_size": page_size,
        }
        return data, {tags.category_tag(category.pk), tags.CATEGORIES}

    data = cached_page(f"category:{category.pk}:{sort}:{number}", build)
    window = page_window(number, num_pages)
    return {**data, "page": number, "num_pages": num_pages, "page_numbers": window.numbers}


def newest_in_category(category_id: int, exclude: int | None = None) -> list[dict[str, Any]]:
    skus = SKU.objects.launched().filter(category_id=category_id).exclude(pk=exclude)
    return [sku_card(s) for s in skus.order_by("-created", "-id")[:NEWEST_IN_CATEGORY]]


def sku_detail(sku_id: object) -> dict[str, Any]:
    """Everything the detail page and ``/v1/goods/detail`` show of one launched SKU.

    Entries plugins add through ``shopkit_sku_detail`` are among the others;
    ``plugin_keys`` names them, for a face that renames shopkit's own keys
    (the API) to carry them as they are.
    """
    try:
        pk = parse_int(sku_id)
    except ValueError:
        raise ShopkitError(ErrorCode.GOODS_SKU_NOT_FOUND) from None

    def build() -> tuple[dict[str, Any], set[str]]:
        sku = (
            SKU.objects.launched()
            .select_related("spu", "category")
            .prefetch_related(
                "images",
                "sale_values",
                "spu__spec_attributes",
                Prefetch(
                    "spu__sale_attributes",
                    queryset=SaleAttribute.objects.prefetch_related("values"),
                ),
                Prefetch(
                    "spu__skus", queryset=SKU.objects.launched().prefetch_related("sale_values")
                ),
            )
            .filter(pk=pk)
            .first()
        )
        if sku is None:
            raise ShopkitError(ErrorCode.GOODS_SKU_NOT_FOUND)
        newest = newest_in_category(sku.category_id, exclude=sku.pk)
        depends = {
            tags.sku_tag(sku.pk),
            tags.spu_tag(sku.spu_id),
            tags.category_members_tag(sku.category_id),
            tags.CATEGORIES,
            *(tags.sku_tag(card["skuid"]) for card in newest),
        }
        return _detail_data(sku, newest), depends

    return cached_page(f"sku:{pk}", build)


def _detail_data(sku: SKU, newest: list[dict[str, Any]]) -> dict[str, Any]:
    own = _own_detail_data(sku, newest)
    extras: dict[str, Any] = {}
    # pluggy answers last-registered first; apply in registration order so later plugins win.
    for contributed in reversed(get_plugin_manager().hook.shopkit_sku_detail(sku=sku)):
        extras.update(contributed or {})
    return {**extras, **own, "plugin_keys": sorted(extras.keys() - own.keys())}


def _own_detail_data(sku: SKU, newest: list[dict[str, Any]]) -> dict[str, Any]:
    attributes = list(sku.spu.sale_attributes.all())
    chosen = {value.attribute_id: value for value in sku.sale_values.all()}
    variants = {
        ",".join(
            str(v.pk) for v in sorted(other.sale_values.all(), key=lambda v: v.attribute_id)
        ): other.pk
        for other in sku.spu.skus.all()
    }
    return {
        **sku_card(sku),
        "image": sku.default_image.name or "",
        "spu": sku.spu.name,
        "spu_id": sku.spu_id,
        "market_price": money_text(sku.market_price),
        "unit": sku.unit,
        "stock": sku.stock,
        "sales": sku.sales,
        "catalog_id": sku.category_id,
        "catalog_name": sku.category.name,
        "description": sanitised_rich_text(sku.spu.description),
        "images": [image.image.name for image in sku.images.all()],
        "spec": {spec.name: spec.value for spec in sku.spu.spec_attributes.all()},
        "sale_attributes": [
            {
                "id": attribute.pk,
                "name": attribute.name,
                "values": [{"id": v.pk, "name": v.name} for v in attribute.values.all()],
                "chosen": chosen[attribute.pk].pk if attribute.pk in chosen else None,
            }
            for attribute in attributes
        ],
        "variants": variants,
        "newest": newest,
    }


def sku_for_values(spu_id: object, chosen: dict[str, object]) -> int:
    """The launched SKU of ``spu_id`` whose sale values are exactly ``chosen``.

    ``chosen`` maps sale attribute ids to value ids, both possibly strings.
    """
    try:
        spu_pk = parse_int(spu_id)
        wanted = {parse_int(attr): parse_int(value) for attr, value in chosen.items()}
    except ValueError:
        raise ShopkitError(ErrorCode.GOODS_BAD_PARAMETER) from None
    attribute_ids = set(SaleAttribute.objects.filter(spu_id=spu_pk).values_list("id", flat=True))
    if not attribute_ids or set(wanted) != attribute_ids:
        raise ShopkitError(ErrorCode.GOODS_SKU_NOT_FOUND)
    for sku in SKU.objects.launched().filter(spu_id=spu_pk).prefetch_related("sale_values"):
        if {v.attribute_id: v.pk for v in sku.sale_values.all()} == wanted:
            return sku.pk
    raise ShopkitError(ErrorCode.GOODS_SKU_NOT_FOUND)
