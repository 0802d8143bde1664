"""Banner writes, whatever made them (Wagtail, a shell), announce themselves
with the catalogue's through ``shopkit_catalog_changed`` after commit."""

from __future__ import annotations


def connect() -> None:
    from shopkit.content import models as content
    from shopkit.goods.signals import watch

    watch(content.CarouselBanner, content.PromotionBanner, content.CategoryBanner)
