"""Django admin for staff who prefer it to Wagtail (writes invalidate caches the same way)."""

from django.contrib import admin
from django.db.models import ImageField, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shopkit.core.images import VerifiedImageField
from shopkit.goods import models

# Uploads are decoded in full before they are stored (see shopkit.core.images).
VERIFIED_IMAGES = {ImageField: {"form_class": VerifiedImageField}}


class SKUImageInline(admin.TabularInline):
    model = models.SKUImage
    extra = 0
    formfield_overrides = VERIFIED_IMAGES


class SpecAttributeInline(admin.TabularInline):
    model = models.SpecAttribute
    extra = 0


class SaleAttributeValueInline(admin.TabularInline):
    model = models.SaleAttributeValue
    extra = 0


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "sort_order"]
    search_fields = ["name"]


@admin.register(models.Brand)
class BrandAdmin(admin.ModelAdmin):
    formfield_overrides = VERIFIED_IMAGES
    list_display = ["name", "first_letter"]
    search_fields = ["name"]


@admin.register(models.SPU)
class SPUAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "brand", "sales"]
    list_filter = ["category"]
    search_fields = ["name"]
    inlines = [SpecAttributeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[models.SPU]:
        return super().get_queryset(request).with_sales()

    @admin.display(description=_("sales"), ordering="sales")
    def sales(self, spu: models.SPU) -> int:
        return spu.sales


@admin.register(models.SaleAttribute)
class SaleAttributeAdmin(admin.ModelAdmin):
    list_display = ["name", "spu"]
    search_fields = ["name", "spu__name"]
    inlines = [SaleAttributeValueInline]


@admin.register(models.SKU)
class SKUAdmin(admin.ModelAdmin):
    formfield_overrides = VERIFIED_IMAGES
    list_display = ["name", "category", "price", "stock", "sales", "is_launched"]
    list_filter = ["category", "is_launched"]
    list_editable = ["price", "stock", "is_launched"]
    search_fields = ["name", "caption"]
    filter_horizontal = ["sale_values"]
    inlines = [SKUImageInline]
