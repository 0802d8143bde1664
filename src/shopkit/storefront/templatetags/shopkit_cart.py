"""Cart template helpers: ``{% load shopkit_cart %}``."""

from __future__ import annotations

import logging
from typing import Any

from django import template

from shopkit.cart.services import cart_count
from shopkit.core.exceptions import ServiceUnavailable

logger = logging.getLogger(__name__)
register = template.Library()


@register.simple_tag(takes_context=True)
def header_cart_count(context: dict[str, Any]) -> int | None:
    """The line count of the current shopper's cart, or ``None`` when there is
    no shopper (a page rendered without a request, such as the static home
    page) or the cart cannot be read (logged: a header must not break a page)."""
    request = context.get("request")
    if request is None:
        return None
    try:
        return cart_count(request)
    except ServiceUnavailable:
        return None  # the cart's cache is down (logged once per outage)
    except Exception:
        logger.exception("Could not count the cart for the page header.")
        return None
