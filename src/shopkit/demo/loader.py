"""Loading the demo shop. Idempotent: what exists is kept, what is missing is added."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Site

from shopkit.content.models import CarouselBanner, CategoryBanner, PromotionBanner, RichContentPage
from shopkit.demo.catalogue import CATEGORIES, DemoCategory, DemoSKU, DemoSPU
from shopkit.demo.images import banner_picture, product_picture
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


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    created: bool


def total_steps() -> int:
    return sum(len(spu.skus) for category in CATEGORIES for spu in category.spus) + 3


def load_demo(progress: Progress, admin_password: str, customer_password: str) -> list[DemoLogin]:
    total, done = total_steps(), 0
    with transaction.atomic():
        first_skus: list[SKU] = []
        for order, demo_category in enumerate(CATEGORIES):
            category, _ = Category.objects.get_or_create(
                name=demo_category.name, parent=None, defaults={"sort_order": order}
            )
            skus = []
            for demo_spu in demo_category.spus:
                for sku in _load_spu(category, demo_spu):
                    skus.append(sku)
                    done += 1
                    progress(done, total, sku.name)
            first_skus.append(skus[0])
            _load_category_rows(category, skus)
        done += 1
        progress(done, total, "category rows")
        _load_banners(first_skus)
        done += 1
        progress(done, total, "banners")
        _load_promotion_page(first_skus)
    logins = [
        _ensure_user("admin", admin_password, "admin@example.com", staff=True),
        _ensure_user("demo", customer_password, "demo@example.com", staff=False),
    ]
    progress(total, total, "users")
    return logins


def _load_spu(category: Category, demo: DemoSPU) -> list[SKU]:
    spu, _ = SPU.objects.get_or_create(
        name=demo.name, category=category, defaults={"description": demo.description}
    )
    for position, (name, value) in enumerate([("产地", demo.origin), ("毛重", demo.weight)]):
        SpecAttribute.objects.get_or_create(
            spu=spu, name=name, defaults={"value": value, "sort_order": position}
        )
    attribute = (
        SaleAttribute.objects.get_or_create(spu=spu, name=demo.sale_attribute)[0]
        if demo.sale_attribute
        else None
    )
    return [
        _load_sku(spu, category, demo, demo_sku, attribute, n)
        for n, demo_sku in enumerate(demo.skus)
    ]


def _load_sku(
    spu: SPU,
    category: Category,
    demo: DemoSPU,
    demo_sku: DemoSKU,
    attribute: SaleAttribute | None,
    n: int,
) -> SKU:
    price = Decimal(demo_sku.price)
    sku, _ = SKU.objects.get_or_create(
        spu=spu,
        name=demo_sku.name,
        defaults={
            "category": category,
            "caption": demo_sku.caption,
            "price": price,
            "market_price": (price * Decimal("1.25")).quantize(Decimal("0.01")),
            "unit": demo_sku.unit,
            "stock": 100 + 20 * n,
            "sales": (len(demo_sku.name) * 37) % 500,
        },
    )
    if not sku.default_image:
        sku.default_image.save(
            "demo.jpg", ContentFile(product_picture(sku.name, demo.colour)), save=True
        )
    if not sku.images.exists():
        for position in range(2):
            image = sku.images.model(sku=sku, sort_order=position)
            image.image.save(
                "demo.jpg", ContentFile(product_picture(f"{sku.name}{position}", demo.colour))
            )
    if attribute and demo_sku.sale_value:
        value, _ = SaleAttributeValue.objects.get_or_create(
            attribute=attribute, name=demo_sku.sale_value, defaults={"sort_order": n}
        )
        sku.sale_values.add(value)
    return sku


def _load_category_rows(category: Category, skus: list[SKU]) -> None:
    if CategoryBanner.objects.filter(category=category).exists():
        return
    for position, sku in enumerate(skus[:4]):
        for display_type in CategoryBanner.DisplayType:
            CategoryBanner.objects.create(
                category=category, sku=sku, display_type=display_type, sort_order=position
            )


def _load_banners(first_skus: list[SKU]) -> None:
    if not CarouselBanner.objects.exists():
        for position, (sku, demo) in enumerate(zip(first_skus[:4], CATEGORIES, strict=False)):
            banner = CarouselBanner(sku=sku, sort_order=position)
            banner.image.save(
                "slide.jpg", ContentFile(banner_picture(sku.name, demo.colour)), save=True
            )
    for position, (name, colour) in enumerate([("周末特惠", "#ff7043"), ("新鲜直达", "#66bb6a")]):
        if not PromotionBanner.objects.filter(name=name).exists():
            banner = PromotionBanner(name=name, url=f"/{PROMOTION_SLUG}/", sort_order=position)
            banner.image.save("promotion.jpg", ContentFile(banner_picture(name, colour)), save=True)


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
