"""Rich descriptions are edited in Wagtail and sanitised again on output.

Wagtail's editor already whitelists on input, but descriptions can also come
from the API, fixtures or a shell; ``nh3`` (the Ammonia sanitiser) makes sure
no script or event handler ever reaches a shopper.
"""

import nh3
from wagtail.rich_text import expand_db_html

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "b", "strong", "i", "em", "u", "ul", "ol", "li",
    "a", "img", "blockquote", "hr", "span", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}


def sanitised_rich_text(stored: str) -> str:
    """Stored Wagtail rich text as safe HTML (links and images expanded)."""
    if not stored:
        return ""
    return nh3.clean(
        expand_db_html(stored),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )
