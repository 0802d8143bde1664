"""Template helpers of the storefront: ``{% load shopkit_tags %}``."""

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template
from django.template.context import Context
from django.templatetags.static import static
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from shopkit.conf import app_settings
from shopkit.core.backends import get_storage
from shopkit.core.money import money_text
from shopkit.goods.services import categories
from shopkit.plugins import get_plugin_manager
from shopkit.storefront.cached_pages import SHARED_PAGE

register = template.Library()


@register.filter
def media_url(name: str, purpose: str) -> str:
    """``{{ name|media_url:"sku_image" }}``: a stored file's URL through its purpose's storage."""
    return get_storage(purpose).url(name) if name else ""


@register.filter
def money(amount: Decimal) -> str:
    """``{{ item.amount|money }}``: an amount as two-place text, as the API writes it."""
    return money_text(amount)


@register.simple_tag
def shop_branding() -> dict[str, str]:
    """``{% shop_branding as shop %}``: the store's ``name`` and ``logo_url``
    (empty without ``SHOPKIT_LOGO``), from settings."""
    logo = app_settings.LOGO
    logo_url = "" if not logo else logo if "://" in logo or logo.startswith("/") else static(logo)
    return {"name": app_settings.SHOP_NAME, "logo_url": logo_url}


@register.simple_tag
def shop_categories() -> list[dict[str, Any]]:
    """The top-level categories, for navigation (cached)."""
    return categories()


@register.filter
def highlight(text: object, terms: Iterable[str]) -> SafeString:
    """``{{ sku.name|highlight:results.terms }}``: the text, HTML-escaped, with
    every (case-insensitive) occurrence of a term wrapped in ``<mark>``.

    The text is never trusted as HTML: it is cut at the matches first and
    every piece is escaped, so a term can never match inside an entity such
    as ``&amp;`` and nothing in the text can open a tag.
    """
    text = str(text)
    words = sorted({term for term in terms if term.strip()}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped above)


@register.simple_tag(takes_context=True)
def shopkit_slot(context: Context, slot: str) -> SafeString:
    """``{% shopkit_slot "detail.below_price" %}``: what every plugin's
    ``shopkit_template_slot`` answers for ``slot``, in call order; plain
    strings escaped. On a page rendered for the shared page cache the
    plugins get no request: the slot is shown to every shopper."""
    request = None if context.get(SHARED_PAGE) else context.get("request")
    answers = get_plugin_manager().hook.shopkit_template_slot(
        slot=slot, context=context.flatten(), request=request
    )
    return format_html_join("", "{}", ((answer,) for answer in answers))
