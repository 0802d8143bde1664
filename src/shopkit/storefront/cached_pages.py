"""Catalogue pages rendered once and served to every shopper from the page cache.

The home, list, detail and search pages differ between shoppers only in the
header (their name or the login links, their cart count) and in the CSRF
token of their forms. So each page is rendered once per path, query,
language and branding, with marks where those parts go, and cached with the
tags of all the data it shows (:mod:`shopkit.goods.page_cache`). Each
request renders only the small header fragments (the cart link; a logged-in
shopper's links, which hold their name and a logout form) and puts them and
the shopper's own CSRF token in place of the marks. Three variants share out
the work: logged-in shoppers; anonymous ones with a cart cookie, who all see
the login links; and anonymous ones without, who also all see an empty cart,
so their page needs nothing rendered per request.

The marks cannot come from the catalogue: names and captions are escaped,
so no product text can hold ``<!--`` or an ``<input>`` element.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from weakref import WeakKeyDictionary

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Node, Template
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from shopkit.conf import app_settings
from shopkit.core.surface import plugins_fingerprint
from shopkit.goods.page_cache import cached_page

USER_LINKS_MARK = mark_safe("<!--shopkit:user-links-->")  # noqa: S308 (a constant)
CART_LINK_MARK = mark_safe("<!--shopkit:cart-link-->")  # noqa: S308 (a constant)
USER_LINKS_TEMPLATE = "shopkit/accounts/includes/user_links.html"
CART_LINK_TEMPLATE = "shopkit/cart/header_link.html"
CSRF_MARK = "shopkit-csrf-mark"
CSRF_FIELD = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
#: A context key set while a page is rendered for every shopper: plugin slots
#: on it get no request (``shopkit_slot``).
SHARED_PAGE = "shopkit_shared_page"
#: Compiled template → :func:`template_fingerprint`; a template reloaded after an edit is new.
_fingerprints: WeakKeyDictionary[Template, str] = WeakKeyDictionary()

#: ``build()`` answers the page's context and the tags it adds to those of the data it read.
ContextBuilder = Callable[[], tuple[dict[str, Any], Iterable[str]]]


def template_fingerprint(name: str) -> str:
    """A digest of the template's source and of every template it extends or
    includes by a literal name: a deploy (or, in development, an edit) that
    changes them leaves the pages rendered from the old ones behind."""
    template = get_template(name).template
    found = _fingerprints.get(template)
    if found is None:
        sources = "\0".join(_sources(template, set()))
        found = _fingerprints[template] = hashlib.sha256(sources.encode()).hexdigest()
    return found


def _sources(template: Template, seen: set[str]) -> Iterator[str]:
    yield template.source
    empty = Context()
    names = [node.parent_name.resolve(empty) for node in _nodes(template, ExtendsNode)]
    names += [node.template.resolve(empty) for node in _nodes(template, IncludeNode)]
    for name in names:
        if isinstance(name, str) and name not in seen:
            seen.add(name)
            yield from _sources(template.engine.get_template(name), seen)


def _nodes(template: Template, kind: type[Node]) -> list[Any]:
    return template.nodelist.get_nodes_by_type(kind)


def header_variant(request: HttpRequest) -> str:
    """Which parts of the header a page leaves for each request to fill in."""
    if request.user.is_authenticated:
        return "user"
    if app_settings.CART_COOKIE_NAME in request.COOKIES:
        return "anonymous"
    return "anonymous, empty cart"


def page_key(request: HttpRequest, template: str, params: Iterable[str], variant: str) -> str:
    """What a cached page depends on besides its data: the path and the query
    parameters the page reads (others, such as tracking tags, would only
    fill the cache with copies), the language, the shop's name and logo
    (settings, so not tags), the templates, the plugins (their slots and
    detail data are on the page), and the header's ``variant``."""
    parts = (
        template_fingerprint(template),
        plugins_fingerprint(),
        variant,
        get_language() or "",
        app_settings.SHOP_NAME,
        app_settings.LOGO or "",
        request.path,
        *(request.GET.get(name, "") for name in params),
    )
    return "html:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def cached_response(
    request: HttpRequest, template: str, build: ContextBuilder, params: Iterable[str] = ()
) -> HttpResponse:
    """``template`` rendered with ``build()``'s context, from the cache when fresh,
    with this shopper's header and CSRF token in place. ``build`` reads no
    query parameter but ``params``."""
    variant = header_variant(request)

    def render() -> tuple[str, set[str]]:
        context, tags = build()
        context = {**context, "csrf_token": CSRF_MARK, SHARED_PAGE: True}
        if variant == "user":
            context["personal_user_links"] = USER_LINKS_MARK
        if variant != "anonymous, empty cart":
            context["personal_cart_link"] = CART_LINK_MARK
        return render_to_string(template, context, request), set(tags)

    html = cached_page(page_key(request, template, params, variant), render, local=True)
    if variant == "user":
        html = html.replace(USER_LINKS_MARK, render_to_string(USER_LINKS_TEMPLATE, request=request))
    if variant != "anonymous, empty cart":
        html = html.replace(CART_LINK_MARK, render_to_string(CART_LINK_TEMPLATE, request=request))
    mark = format_html(CSRF_FIELD, CSRF_MARK)
    if mark in html:
        html = html.replace(mark, format_html(CSRF_FIELD, get_token(request)))
    response = HttpResponse(html)
    # The header is the shopper's own: no shared cache may keep it.
    patch_vary_headers(response, ("Cookie",))
    patch_cache_control(response, private=True)
    return response
