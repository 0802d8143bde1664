"""The catalogue: Category → SPU (with sale and spec attributes) → SKU → images."""

from __future__ import annotations

from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from shopkit.core.money import MONEY_FIELD
from shopkit.goods.files import (
    brand_logo_storage,
    brand_logo_upload_to,
    sku_image_storage,
    sku_image_upload_to,
)


class Timestamped(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class InlineOrdered(models.Model):
    """A child edited inline in its parent's Wagtail form, in the order staff drag it to."""

    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    # Inline editors order children by dragging; the field is not typed in.
    sort_order_field = "sort_order"

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]


class Category(Timestamped):
    """A goods category; ``parent`` makes a tree, ``sort_order`` orders siblings."""

    name = models.CharField(_("name"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0, db_index=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Brand(Timestamped):
    name = models.CharField(_("name"), max_length=50, unique=True)
    logo = models.ImageField(
        _("logo"), upload_to=brand_logo_upload_to, storage=brand_logo_storage, blank=True
    )
    first_letter = models.CharField(_("first letter"), max_length=1, blank=True)

    class Meta:
        ordering = ["first_letter", "name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class SPUQuerySet(models.QuerySet):
    def with_sales(self) -> SPUQuerySet:
        """Annotate ``sales``: units sold over all the SPU's SKUs.

        Summed when asked rather than kept as a column: a per-SPU counter is
        one row every checkout of a best seller would have to update.
        """
        return self.annotate(sales=Coalesce(Sum("skus__sales"), 0))


class SPU(ClusterableModel, Timestamped):
    """A product as a shopper thinks of it ("草莓"), sold as one or more SKUs."""

    name = models.CharField(_("name"), max_length=100)
    brand = models.ForeignKey(
        Brand, verbose_name=_("brand"), null=True, blank=True, on_delete=models.SET_NULL
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    description = RichTextField(_("description"), blank=True)
    comment_count = models.PositiveIntegerField(_("comment count"), default=0)

    objects = SPUQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("SPU")
        verbose_name_plural = _("SPUs")

    def __str__(self) -> str:
        return self.name


class SaleAttribute(ClusterableModel, InlineOrdered):
    """An attribute a shopper chooses between SKUs of one SPU, e.g. 规格."""

    spu = ParentalKey(SPU, related_name="sale_attributes", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=30)

    panels = [FieldPanel("name")]

    class Meta(InlineOrdered.Meta):
        verbose_name = _("sale attribute")
        verbose_name_plural = _("sale attributes")

    def __str__(self) -> str:
        return f"{self.spu.name} · {self.name}"


class SaleAttributeValue(InlineOrdered):
    """One choice of a sale attribute, e.g. 500g."""

    attribute = ParentalKey(SaleAttribute, related_name="values", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=30)

    panels = [FieldPanel("name")]

    class Meta(InlineOrdered.Meta):
        verbose_name = _("sale attribute value")
        verbose_name_plural = _("sale attribute values")

    def __str__(self) -> str:
        return f"{self.attribute.name}: {self.name}"


class SpecAttribute(InlineOrdered):
    """A fact shown on the detail page, the same for every SKU: 产地 → 山东."""

    spu = ParentalKey(SPU, related_name="spec_attributes", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=30)
    value = models.CharField(_("value"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("value")]

    class Meta(InlineOrdered.Meta):
        verbose_name = _("spec attribute")
        verbose_name_plural = _("spec attributes")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class SKUQuerySet(models.QuerySet):
    def launched(self) -> SKUQuerySet:
        return self.filter(is_launched=True)


class SKU(ClusterableModel, Timestamped):
    """What is actually sold and stocked: one SPU in one choice of sale values."""

    spu = models.ForeignKey(
        SPU, verbose_name=_("SPU"), related_name="skus", on_delete=models.PROTECT
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), related_name="skus", on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    price = models.DecimalField(_("price"), **MONEY_FIELD)
    market_price = models.DecimalField(_("market price"), **MONEY_FIELD)
    unit = models.CharField(_("unit"), max_length=20, default="份")
    stock = models.IntegerField(_("stock"), default=0)
    sales = models.PositiveIntegerField(_("sales"), default=0)
    default_image = models.ImageField(
        _("default image"), upload_to=sku_image_upload_to, storage=sku_image_storage, blank=True
    )
    is_launched = models.BooleanField(_("launched"), default=True, db_index=True)
    sale_values = models.ManyToManyField(
        SaleAttributeValue, verbose_name=_("sale attribute values"), blank=True, related_name="skus"
    )

    objects = SKUQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="shopkit_sku_stock_gte_0"
            ),
        ]
        indexes = [models.Index(fields=["category", "is_launched", "-created"])]

    def __str__(self) -> str:
        return self.name


class SKUImage(InlineOrdered):
    sku = ParentalKey(SKU, related_name="images", on_delete=models.CASCADE)
    image = models.ImageField(_("image"), upload_to=sku_image_upload_to, storage=sku_image_storage)

    panels = [FieldPanel("image")]

    class Meta(InlineOrdered.Meta):
        verbose_name = _("SKU image")
        verbose_name_plural = _("SKU images")

    def __str__(self) -> str:
        return f"{self.sku.name} #{self.sort_order}"
