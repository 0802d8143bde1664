"""Editors manage home-page banners in Wagtail, under one "Banners" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from shopkit.content.models import CarouselBanner, CategoryBanner, PromotionBanner


class BannerViewSet(SnippetViewSet):
    search_backend_name = None
    ordering = ["sort_order", "id"]


class CarouselViewSet(BannerViewSet):
    model = CarouselBanner
    icon = "image"
    list_display = ["sku", "sort_order"]
    search_fields = ["sku__name"]


class PromotionViewSet(BannerViewSet):
    model = PromotionBanner
    icon = "link"
    list_display = ["name", "url", "sort_order"]
    search_fields = ["name"]


class CategoryBannerViewSet(BannerViewSet):
    model = CategoryBanner
    icon = "list-ul"
    list_display = ["category", "sku", "display_type", "sort_order"]
    list_filter = ["category", "display_type"]
    search_fields = ["sku__name", "category__name"]


class BannersGroup(SnippetViewSetGroup):
    menu_label = _("Banners")
    menu_icon = "image"
    menu_order = 210
    items = (CarouselViewSet, PromotionViewSet, CategoryBannerViewSet)


register_snippet(BannersGroup)
