"""Loading the demo shop, once: a shop that has a catalogue keeps it as it is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Site

from shopkit.content.models import CarouselBanner, CategoryBanner, PromotionBanner, RichContentPage
from shopkit.demo.catalogue import CATEGORIES, PROMOTIONS, DemoCategory, DemoSKU, DemoSPU
from shopkit.demo.images import PROMOTION_SIZE, banner_picture, product_picture
from shopkit.goods.models import (
    SKU,
    SPU,
    Category,
    SaleAttribute,
    SaleAttributeValue,
    SpecAttribute,
)

#: (done, total, what) after each step.
Progress = Callable[[int, int, str], None]

PROMOTION_SLUG = "weekend-sale"
CAROUSEL_SLIDES = 4  # as many as the home page shows


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    created: bool


def total_steps() -> int:
    return sum(len(spu.skus) for category in CATEGORIES for spu in category.spus) + 3


def load_demo(progress: Progress, admin_password: str, customer_password: str) -> list[DemoLogin]:
    """Load the catalogue and content once, and make sure the two users exist.

    A shop that already has categories keeps its catalogue, banners and pages
    exactly as its editors left them: running the demo again adds none of it."""
    total = total_steps()
    if Category.objects.exists():
        progress(total - 1, total, "catalogue kept as it is")
    else:
        with transaction.atomic():
            _load_catalogue(progress, total)
    logins = [
        _ensure_user("admin", admin_password, "admin@example.com", staff=True),
        _ensure_user("demo", customer_password, "demo@example.com", staff=False),
    ]
    progress(total, total, "users")
    return logins


def _load_catalogue(progress: Progress, total: int) -> None:
    done = 0
    category_skus: list[list[SKU]] = []
    for order, demo_category in enumerate(CATEGORIES):
        category = Category.objects.create(name=demo_category.name, sort_order=order)
        skus = []
        for demo_spu in demo_category.spus:
            for sku in _load_spu(category, demo_category, demo_spu):
                skus.append(sku)
                done += 1
                progress(done, total, sku.name)
        category_skus.append(skus)
        _load_category_rows(category, skus)
    progress(done + 1, total, "banners")
    _load_banners([skus[0] for skus in category_skus])
    _load_promotion_page([skus[0] for skus in category_skus])


def _load_spu(category: Category, demo_category: DemoCategory, demo: DemoSPU) -> list[SKU]:
    spu = SPU.objects.create(name=demo.name, category=category, description=demo.description)
    SpecAttribute.objects.bulk_create(
        SpecAttribute(spu=spu, name=name, value=value, sort_order=position)
        for position, (name, value) in enumerate([("产地", demo.origin), ("毛重", demo.weight)])
    )
    attribute = (
        SaleAttribute.objects.create(spu=spu, name=demo.sale_attribute)
        if demo.sale_attribute
        else None
    )
    return [
        _load_sku(spu, demo_category, demo, demo_sku, attribute, n)
        for n, demo_sku in enumerate(demo.skus)
    ]


def _load_sku(
    spu: SPU,
    demo_category: DemoCategory,
    demo: DemoSPU,
    demo_sku: DemoSKU,
    attribute: SaleAttribute | None,
    n: int,
) -> SKU:
    price = Decimal(demo_sku.price)
    sku = SKU(
        spu=spu,
        category=spu.category,
        name=demo_sku.name,
        caption=demo_sku.caption,
        price=price,
        market_price=(price * Decimal("1.25")).quantize(Decimal("0.01")),
        unit=demo_sku.unit,
        stock=100 + 20 * n,
        sales=(len(demo_sku.name) * 37) % 500,
    )
    # A bigger pack shows more of the food; the second picture shows a handful.
    counts = (n + 1, 3 if n < 2 else 1)
    sku.default_image.save(
        "demo.jpg", ContentFile(product_picture(demo.picture, demo_category.colour, counts[0]))
    )
    for position, count in enumerate(counts):
        image = sku.images.model(sku=sku, sort_order=position)
        image.image.save(
            "demo.jpg", ContentFile(product_picture(demo.picture, demo_category.colour, count))
        )
    if attribute and demo_sku.sale_value:
        value = SaleAttributeValue.objects.create(
            attribute=attribute, name=demo_sku.sale_value, sort_order=n
        )
        sku.sale_values.add(value)
    return sku


def _load_category_rows(category: Category, skus: list[SKU]) -> None:
    CategoryBanner.objects.bulk_create(
        CategoryBanner(category=category, sku=sku, display_type=display_type, sort_order=position)
        for position, sku in enumerate(skus[:4])
        for display_type in CategoryBanner.DisplayType
    )


def _load_banners(first_skus: list[SKU]) -> None:
    for position, (sku, demo) in enumerate(
        zip(first_skus[:CAROUSEL_SLIDES], CATEGORIES, strict=False)
    ):
        pictures = tuple(dict.fromkeys(spu.picture for spu in demo.spus))[:3]
        banner = CarouselBanner(sku=sku, sort_order=position)
        picture = banner_picture(pictures, demo.colour, demo.slide.title, demo.slide.subtitle)
        banner.image.save("slide.jpg", ContentFile(picture), save=True)
    for position, (name, subtitle, colour, picture) in enumerate(PROMOTIONS):
        banner = PromotionBanner(name=name, url=f"/{PROMOTION_SLUG}/", sort_order=position)
        image = banner_picture((picture,), colour, name, subtitle, PROMOTION_SIZE)
        banner.image.save("promotion.jpg", ContentFile(image), save=True)


def _load_promotion_page(first_skus: list[SKU]) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or RichContentPage.objects.filter(slug=PROMOTION_SLUG).exists():
        return
    page = RichContentPage(
        title="周末特惠",
        slug=PROMOTION_SLUG,
        body=[
            ("rich_text", "<p>本周末精选生鲜<b>限时特价</b>，先到先得。</p>"),
            ("sku_row", {"title": "特惠精选", "skus": first_skus[:4]}),
        ],
    )
    site.root_page.add_child(instance=page)
    page.save_revision().publish()


def _ensure_user(username: str, password: str, email: str, *, staff: bool) -> DemoLogin:
    users = get_user_model()._default_manager
    user = users.filter(username=username).first()
    if user is not None:
        return DemoLogin(username, password, "admin" if staff else "customer", created=False)
    if staff:
        users.create_superuser(username, email, password)
    else:
        users.create_user(username, email, password)
    return DemoLogin(username, password, "admin" if staff else "customer", created=True)


def demo_category_names() -> list[str]:
    return [category.name for category in CATEGORIES]


__all__ = ["DemoCategory", "DemoLogin", "demo_category_names", "load_demo", "total_steps"]
