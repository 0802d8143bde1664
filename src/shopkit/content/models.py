"""Home-page banners (Wagtail snippets) and rich content pages."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from shopkit.content.files import banner_storage, banner_upload_to
from shopkit.goods.models import SKU, Category


class Banner(models.Model):
    sort_order = models.PositiveIntegerField(_("sort order"), default=0, db_index=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "id"]


class CarouselBanner(Banner):
    """A big rotating picture on the home page that links to a SKU."""

    sku = models.ForeignKey(SKU, verbose_name=_("SKU"), on_delete=models.CASCADE)
    image = models.ImageField(_("image"), upload_to=banner_upload_to, storage=banner_storage)

    class Meta(Banner.Meta):
        verbose_name = _("carousel banner")
        verbose_name_plural = _("carousel banners")

    def __str__(self) -> str:
        return f"{self.sku.name} #{self.sort_order}"


class PromotionBanner(Banner):
    """A promotion picture beside the carousel, linking anywhere."""

    name = models.CharField(_("name"), max_length=50)
    url = models.CharField(
        _("link"), max_length=300, help_text=_("A path like /pages/sale/ or a full URL.")
    )
    image = models.ImageField(_("image"), upload_to=banner_upload_to, storage=banner_storage)

    class Meta(Banner.Meta):
        verbose_name = _("promotion banner")
        verbose_name_plural = _("promotion banners")

    def __str__(self) -> str:
        return self.name


class CategoryBanner(Banner):
    """A SKU shown in its category's row on the home page, as a text link or a picture."""

    class DisplayType(models.IntegerChoices):
        TITLE = 0, _("title")
        IMAGE = 1, _("image")

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE)
    sku = models.ForeignKey(SKU, verbose_name=_("SKU"), on_delete=models.CASCADE)
    display_type = models.PositiveSmallIntegerField(
        _("display type"), choices=DisplayType.choices, default=DisplayType.IMAGE
    )

    class Meta(Banner.Meta):
        verbose_name = _("category banner")
        verbose_name_plural = _("category banners")

    def __str__(self) -> str:
        return f"{self.category.name} · {self.sku.name}"


class SKURowBlock(blocks.StructBlock):
    """A row of SKU cards inside rich content."""

    title = blocks.CharBlock(required=False, label=_("title"))
    skus = blocks.ListBlock(SnippetChooserBlock(SKU), min_num=1, max_num=8, label=_("SKUs"))

    class Meta:
        icon = "list-ul"
        template = "shopkit/content/blocks/sku_row.html"

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        from shopkit.goods.services import sku_card

        context = super().get_context(value, parent_context)
        context["cards"] = [sku_card(sku) for sku in value["skus"] if sku and sku.is_launched]
        return context


class RichContentPage(Page):
    """A promotion or article page, rendered inside the storefront layout."""

    body = StreamField(
        [
            ("rich_text", blocks.RichTextBlock(label=_("rich text"))),
            ("image", ImageBlock(label=_("image"))),
            ("sku_row", SKURowBlock(label=_("SKU row"))),
        ],
        blank=True,
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]

    template = "shopkit/content/rich_content_page.html"

    class Meta:
        verbose_name = _("rich content page")
