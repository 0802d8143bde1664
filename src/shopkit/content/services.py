"""Home-page content: banners and per-category rows, cached with tags."""

from __future__ import annotations

from typing import Any

from shopkit.content.models import CarouselBanner, CategoryBanner, PromotionBanner
from shopkit.content.tags import BANNERS
from shopkit.goods import services as goods
from shopkit.goods import tags
from shopkit.goods.page_cache import cached_page

MAX_CAROUSEL = 4
MAX_PROMOTIONS = 2
MAX_TITLE_ROWS = 5
MAX_IMAGE_ROWS = 4


def home_page() -> dict[str, Any]:
    def build() -> tuple[dict[str, Any], set[str]]:
        depends = {BANNERS, tags.CATEGORIES}
        carousel = []
        for banner in CarouselBanner.objects.select_related("sku")[:MAX_CAROUSEL]:
            carousel.append(
                {"sku_id": banner.sku_id, "name": banner.sku.name, "image": banner.image.name}
            )
            depends.add(tags.sku_tag(banner.sku_id))
        promotions = [
            {"name": p.name, "url": p.url, "image": p.image.name}
            for p in PromotionBanner.objects.all()[:MAX_PROMOTIONS]
        ]
        rows = {c["id"]: {"category": c, "titles": [], "images": []} for c in goods.categories()}
        for banner in CategoryBanner.objects.select_related("sku").filter(sku__is_launched=True):
            row = rows.get(banner.category_id)
            if row is None:
                continue
            kind, limit = (
                ("titles", MAX_TITLE_ROWS)
                if banner.display_type == CategoryBanner.DisplayType.TITLE
                else ("images", MAX_IMAGE_ROWS)
            )
            if len(row[kind]) < limit:
                row[kind].append(goods.sku_card(banner.sku))
                depends.add(tags.sku_tag(banner.sku_id))
        return {
            "carousel": carousel,
            "promotions": promotions,
            "rows": list(rows.values()),
        }, depends

    return cached_page("home", build)
