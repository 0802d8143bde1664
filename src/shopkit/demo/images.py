"""Product and banner pictures, composed with Pillow from the shipped food pictures.

A product picture is its food on a soft backdrop tinted by the category; a
larger pack shows more of it, so the sizes of one SPU look different. A
banner is a headline on the category's colour beside three of its foods.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFilter, ImageFont

PRODUCT_SIZE = (400, 400)
CAROUSEL_SIZE = (760, 270)
#: The promotion pictures beside the carousel are shown 300 × 154 (twice that for sharp screens).
PROMOTION_SIZE = (600, 308)
#: Where each of 1, 2 or 3 items stands, as (centre x, centre y, width) in
#: fractions of the picture.
LAYOUTS = {
    1: ((0.5, 0.5, 0.64),),
    2: ((0.36, 0.46, 0.5), (0.64, 0.56, 0.5)),
    3: ((0.3, 0.42, 0.42), (0.7, 0.42, 0.42), (0.5, 0.66, 0.42)),
}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _mix(colour: tuple[int, int, int], towards: tuple[int, int, int], share: float):
    return tuple(round(c + (t - c) * share) for c, t in zip(colour, towards, strict=True))


@cache
def food(picture: str) -> Image.Image:
    """The shipped picture named by its code point, e.g. ``"1f353"`` (🍓)."""
    with resources.files("shopkit.demo").joinpath("pictures", f"{picture}.webp").open("rb") as f:
        return Image.open(f).convert("RGBA")


def _backdrop(size: tuple[int, int], colour: str) -> Image.Image:
    """A vertical wash from near-white to a pale tint of ``colour``."""
    top, bottom = (252, 250, 246), _mix(_rgb(colour), (255, 255, 255), 0.82)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for row in range(size[1]):
        draw.line([(0, row), (size[0], row)], fill=_mix(top, bottom, row / size[1]))
    return image


def _place(image: Image.Image, item: Image.Image, centre: tuple[int, int], width: int) -> None:
    """Paste ``item`` scaled to ``width`` at ``centre``, over a soft shadow."""
    item = item.resize((width, width), Image.Resampling.LANCZOS)
    left, top = centre[0] - width // 2, centre[1] - width // 2
    # The shadow is drawn and blurred on a strip just under the item, not the whole picture.
    margin = width // 8
    shadow = Image.new("RGBA", (width + 2 * margin, width // 7 + 2 * margin), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).ellipse(
        (margin + width * 0.18, margin, margin + width * 0.82, margin + width // 7),
        fill=(0, 0, 0, 70),
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(width / 18))
    image.paste(shadow, (left - margin, top + round(width * 0.84) - margin), shadow)
    image.paste(item, (left, top), item)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86)
    return buffer.getvalue()


@cache
def product_picture(picture: str, colour: str, count: int = 1) -> bytes:
    """A JPEG of ``count`` (1 to 3) of the food ``picture`` on a backdrop tinted ``colour``."""
    image = _backdrop(PRODUCT_SIZE, colour)
    width, height = PRODUCT_SIZE
    for x, y, share in LAYOUTS[max(1, min(count, 3))]:
        _place(image, food(picture), (round(x * width), round(y * height)), round(share * width))
    return _jpeg(image)


def _ink_on(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """White on dark colours, a deep brown on light ones, whichever reads better."""
    red, green, blue = background
    return (255, 255, 255) if 0.299 * red + 0.587 * green + 0.114 * blue < 170 else (62, 39, 35)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    with resources.files("shopkit.demo").joinpath("pictures", "banner-font.otf").open("rb") as f:
        return ImageFont.truetype(io.BytesIO(f.read()), size)


def banner_picture(
    pictures: tuple[str, ...],
    colour: str,
    title: str,
    subtitle: str,
    size: tuple[int, int] = CAROUSEL_SIZE,
) -> bytes:
    """A JPEG banner: ``title`` and ``subtitle`` on ``colour``, up to three foods on the right."""
    width, height = size
    base = _rgb(colour)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for column in range(width):
        draw.line(
            [(column, 0), (column, height)], fill=_mix(base, (255, 255, 255), column / width * 0.55)
        )
    ink = _ink_on(base)
    draw.text((height * 0.18, height * 0.26), title, font=_font(round(height * 0.2)), fill=ink)
    draw.text((height * 0.19, height * 0.56), subtitle, font=_font(round(height * 0.096)), fill=ink)
    shown = pictures[:3]
    item = round(height * 0.56)
    for n, picture in enumerate(shown):
        centre_x = width - item * 0.7 - (len(shown) - 1 - n) * item * 0.72
        centre_y = height * (0.45 + 0.14 * (n % 2) if len(shown) > 1 else 0.5)
        _place(image, food(picture), (round(centre_x), round(centre_y)), item)
    return _jpeg(image)
