"""The demo shop: a catalogue that looks like a shop, loaded once, kept as editors leave it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from PIL import Image, ImageDraw

from shopkit.content.models import CarouselBanner, PromotionBanner
from shopkit.demo.catalogue import CATEGORIES, PROMOTIONS
from shopkit.demo.images import _font, food
from shopkit.goods.models import SKU, SPU, Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(wagtail_home):
    call_command("shopkit_demo", admin_password="admin-pass-1", customer_password="demo-pass-1")


def test_demo_has_120_skus_in_8_categories_with_pages_of_them(demo, settings):
    launched = SKU.objects.filter(is_launched=True)
    assert launched.count() >= 120
    assert Category.objects.count() >= 8
    smallest_category = min(launched.filter(category=c).count() for c in Category.objects.all())
    assert smallest_category > 9  # more than one list page of 9 in every category
    assert SPU.objects.filter(sale_attributes__values__isnull=False).distinct().count() >= 8


def test_every_sku_has_a_food_picture_and_two_more_for_its_detail_page(demo):
    for sku in SKU.objects.prefetch_related("images"):
        assert sku.default_image, sku.name
        assert len(sku.images.all()) == 2, sku.name
        picture = Image.open(sku.default_image)
        assert picture.size == (400, 400)
        # The food covers a good part of the picture, in colour: not an empty box.
        colours = picture.convert("RGB").quantize(16).getcolors()
        assert len(colours) >= 8, sku.name


def test_banners_carry_their_headline_and_promotions_are_loaded(demo):
    slides = CarouselBanner.objects.order_by("sort_order")
    assert slides.count() == 4
    assert [s.sku.category.name for s in slides] == [c.name for c in CATEGORIES[:4]]
    assert set(PromotionBanner.objects.values_list("name", flat=True)) == {p[0] for p in PROMOTIONS}
    assert Image.open(slides[0].image).size == (760, 270)


def test_every_picture_the_catalogue_names_is_shipped():
    for category in CATEGORIES:
        for spu in category.spus:
            assert food(spu.picture).size == (256, 256), spu.name
    for _, _, _, picture in PROMOTIONS:
        assert food(picture).size == (256, 256)


def test_the_banner_font_has_every_headline_character():
    headlines = [c.slide.title + c.slide.subtitle for c in CATEGORIES]
    headlines += [name + subtitle for name, subtitle, _, _ in PROMOTIONS]
    font = _font(40)

    def drawn(character: str) -> bytes:
        canvas = Image.new("L", (60, 60))
        ImageDraw.Draw(canvas).text((0, 0), character, font=font, fill=255)
        return canvas.tobytes()

    missing_glyph = drawn("\ue000")  # a private-use code point: never in the font
    lacking = {ch for ch in "".join(headlines) if ch != " " and drawn(ch) == missing_glyph}
    assert lacking == set()


def test_running_the_demo_again_keeps_what_editors_changed(demo):
    promotion = PromotionBanner.objects.get(name=PROMOTIONS[0][0])
    promotion.name = "双十二大促"
    promotion.save()
    sku = SKU.objects.get(name="丹东草莓 500g")
    sku.name = "丹东红颜草莓 500g"
    sku.save()
    CarouselBanner.objects.order_by("sort_order").last().delete()
    counts = (SKU.objects.count(), PromotionBanner.objects.count(), CarouselBanner.objects.count())

    out = io.StringIO()
    call_command("shopkit_demo", stdout=out)

    assert (
        SKU.objects.count(),
        PromotionBanner.objects.count(),
        CarouselBanner.objects.count(),
    ) == counts
    assert PromotionBanner.objects.filter(name="双十二大促").exists()
    assert not PromotionBanner.objects.filter(name=PROMOTIONS[0][0]).exists()
    assert SKU.objects.filter(name="丹东红颜草莓 500g").exists()
    assert "kept" in out.getvalue()
