"""Template helpers of the storefront: ``{% load shopkit_tags %}``."""

from typing import Any

from django import template

from shopkit.core.backends import get_storage
from shopkit.goods.services import categories

register = template.Library()


@register.filter
def media_url(name: str, purpose: str) -> str:
    """``{{ name|media_url:"sku_image" }}``: a stored file's URL through its purpose's storage."""
    return get_storage(purpose).url(name) if name else ""


@register.simple_tag
def shop_categories() -> list[dict[str, Any]]:
    """The top-level categories, for navigation (cached)."""
    return categories()
