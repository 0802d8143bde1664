"""Editors manage the catalogue in Wagtail (``/cms/``), under one "Goods" menu."""

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from shopkit.core.images import VerifiedImageField
from shopkit.goods.models import SKU, SPU, Brand, Category, SaleAttribute

# Every image an editor uploads in Wagtail (catalogue and content) is decoded
# in full first: a truncated file is a form error, not a stored broken image.
register_form_field_override(
    models.ImageField, override={"form_class": VerifiedImageField}, exact_class=True
)


class CatalogueViewSet(SnippetViewSet):
    search_backend_name = None  # plain ORM search: no search index to keep for the admin
    list_per_page = 30


class CategoryViewSet(CatalogueViewSet):
    model = Category
    icon = "folder-open-inverse"
    list_display = ["name", "parent", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]
    ordering = ["sort_order", "id"]
    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("sort_order")]


class BrandViewSet(CatalogueViewSet):
    model = Brand
    icon = "tag"
    list_display = ["name", "first_letter"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("first_letter"), FieldPanel("logo")]


class SPUViewSet(CatalogueViewSet):
    model = SPU
    icon = "doc-full"
    list_display = [
        "name",
        "category",
        "brand",
        Column("sales", label=_("sales"), sort_key="sales"),
        "updated",
    ]
    list_filter = ["category", "brand"]
    search_fields = ["name"]
    ordering = ["-updated"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SPU]:
        return SPU.objects.with_sales()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("brand")]),
        FieldPanel("description"),
        InlinePanel("spec_attributes", label=_("spec attributes")),
        InlinePanel("sale_attributes", label=_("sale attributes")),
    ]


class SaleAttributeViewSet(CatalogueViewSet):
    model = SaleAttribute
    icon = "list-ul"
    list_display = ["name", "spu", "sort_order"]
    list_filter = ["spu__category"]
    search_fields = ["name", "spu__name"]
    panels = [
        FieldPanel("spu"),
        FieldPanel("name"),
        FieldPanel("sort_order"),
        InlinePanel("values", label=_("values"), min_num=1),
    ]


class SKUViewSet(CatalogueViewSet):
    model = SKU
    icon = "pick"
    list_display = ["name", "category", "price", "stock", "sales", "is_launched", "updated"]
    list_filter = ["category", "is_launched"]
    search_fields = ["name", "caption"]
    ordering = ["-updated"]
    panels = [
        FieldRowPanel([FieldPanel("spu"), FieldPanel("category")]),
        FieldPanel("name"),
        FieldPanel("caption"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("price"), FieldPanel("market_price"), FieldPanel("unit")]
                ),
                FieldRowPanel([FieldPanel("stock"), FieldPanel("is_launched")]),
            ],
            heading=_("sale"),
        ),
        FieldPanel("sale_values", widget=forms.CheckboxSelectMultiple),
        FieldPanel("default_image"),
        InlinePanel("images", label=_("images")),
    ]


class GoodsGroup(SnippetViewSetGroup):
    menu_label = _("Goods")
    menu_icon = "pick"
    menu_order = 200
    items = (CategoryViewSet, BrandViewSet, SPUViewSet, SaleAttributeViewSet, SKUViewSet)


register_snippet(GoodsGroup)
