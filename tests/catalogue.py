"""Building small catalogues for tests."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shopkit.goods.models import (
    SKU,
    SPU,
    Category,
    SaleAttribute,
    SaleAttributeValue,
    SpecAttribute,
)


def png_bytes(colour: str = "red", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name: str = "pic.png", colour: str = "red") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(colour), content_type="image/png")


def make_skus(
    category: Category, count: int, *, prefix: str = "SKU", price: str = "10.00", **extra
) -> list[SKU]:
    spu = SPU.objects.create(name=f"{prefix} SPU", category=category)
    return [
        SKU.objects.create(
            spu=spu,
            category=category,
            name=f"{prefix} {n}",
            caption=f"caption {n}",
            price=Decimal(price) + n,
            market_price=Decimal(price) + n + 5,
            stock=100,
            **extra,
        )
        for n in range(count)
    ]


def strawberry_spu(category: Category) -> tuple[SPU, dict[str, SKU]]:
    """草莓 in 500g and 1kg, each with a default image and a spec."""
    spu = SPU.objects.create(
        name="草莓",
        category=category,
        description="<p>Sweet <script>alert(1)</script><b>berries</b></p>",
    )
    SpecAttribute.objects.create(spu=spu, name="产地", value="丹东")
    weight = SaleAttribute.objects.create(spu=spu, name="规格")
    values = {
        name: SaleAttributeValue.objects.create(attribute=weight, name=name, sort_order=i)
        for i, name in enumerate(["500g", "1kg"])
    }
    skus = {}
    for name, price in [("500g", "29.90"), ("1kg", "55.00")]:
        sku = SKU.objects.create(
            spu=spu,
            category=category,
            name=f"新鲜草莓 {name}",
            caption="丹东九九草莓",
            price=Decimal(price),
            market_price=Decimal(price) + 10,
            stock=20,
            default_image=png_upload(f"strawberry-{name}.png"),
        )
        sku.sale_values.add(values[name])
        skus[name] = sku
    return spu, skus
