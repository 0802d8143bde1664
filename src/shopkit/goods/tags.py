"""Which page-cache tags a catalogue change affects.

- ``sku:<id>``: that SKU's own fields and images;
- ``spu:<id>``: the SPU, its attributes, and which SKUs it has;
- ``category:<id>``: anything its list pages show (its SKUs' prices, names, launch state);
- ``category-members:<id>``: which launched SKUs it holds (the "newest" boxes);
- ``categories``: category names and order (home page, headers).

Content owns its own tags (:mod:`shopkit.content.tags`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shopkit.goods import models as goods

CATEGORIES = "categories"


def sku_tag(sku_id: int) -> str:
    return f"sku:{sku_id}"


def spu_tag(spu_id: int) -> str:
    return f"spu:{spu_id}"


def category_tag(category_id: int) -> str:
    return f"category:{category_id}"


def category_members_tag(category_id: int) -> str:
    return f"category-members:{category_id}"


def tags_for(instance: Any) -> set[str]:
    """The tags made stale by saving or deleting ``instance``."""
    if isinstance(instance, goods.SKU):
        tags = {sku_tag(instance.pk), spu_tag(instance.spu_id), category_tag(instance.category_id)}
        previous = getattr(instance, "_shopkit_previous", None)
        if previous != (instance.category_id, instance.is_launched):
            tags.add(category_members_tag(instance.category_id))
            if previous:
                tags |= {category_tag(previous[0]), category_members_tag(previous[0])}
        return tags
    if isinstance(instance, goods.SKUImage):
        return {sku_tag(instance.sku_id)}
    if isinstance(instance, goods.SPU):
        return {spu_tag(instance.pk)}
    if isinstance(instance, goods.SaleAttribute | goods.SpecAttribute):
        return {spu_tag(instance.spu_id)}
    if isinstance(instance, goods.SaleAttributeValue):
        return {
            spu_tag(
                goods.SaleAttribute.objects.filter(pk=instance.attribute_id)
                .values_list("spu_id", flat=True)
                .first()
                or 0
            )
        }
    if isinstance(instance, goods.Category):
        return {CATEGORIES, category_tag(instance.pk)}
    return set()


def tags_for_all(instances: Iterable[Any]) -> set[str]:
    return set().union(*(tags_for(instance) for instance in instances))
