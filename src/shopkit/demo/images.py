"""Product and banner pictures drawn with Pillow, so the demo ships no image files."""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageDraw, ImageFilter


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(c * factor))) for c in rgb)  # type: ignore[return-value]


def product_picture(seed: str, colour: str, size: tuple[int, int] = (400, 400)) -> bytes:
    """A soft background with a glossy round "product" in ``colour``; ``seed`` varies the layout."""
    width, height = size
    rgb = _hex(colour)
    digest = hashlib.sha256(seed.encode()).digest()
    image = Image.new("RGB", size, _shade(rgb, 0.35 + digest[0] / 1020))
    background = ImageDraw.Draw(image)
    for row in range(height):
        tint = 0.92 + 0.08 * row / height
        background.line([(0, row), (width, row)], fill=_shade((250, 247, 240), tint))
    count = 1 + digest[1] % 3
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for n in range(count):
        radius = int(min(width, height) * (0.30 - 0.05 * n))
        cx = width // 2 + (digest[2 + n] - 128) * width // 900
        cy = height // 2 + (digest[5 + n] - 128) * height // 900
        draw.ellipse(
            (cx - radius + 12, cy - radius + 18, cx + radius + 12, cy + radius + 18),
            fill=(0, 0, 0, 60),
        )
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            fill=(*_shade(rgb, 1.0 - 0.12 * n), 255),
        )
        draw.ellipse(
            (cx - radius // 2, cy - radius // 1.4, cx, cy - radius // 3), fill=(255, 255, 255, 110)
        )
    image.paste(layer.filter(ImageFilter.GaussianBlur(1.2)), (0, 0), layer)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def banner_picture(seed: str, colour: str) -> bytes:
    return product_picture(seed, colour, size=(760, 270))
