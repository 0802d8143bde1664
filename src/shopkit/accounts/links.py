"""Absolute links the backend puts in mails and redirects.

A separate front end names its pages in ``SHOPKIT_FRONTEND_URL`` (``str.format``
templates); without an entry the link goes to the storefront's own page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from shopkit.conf import app_settings

#: Turns an activation code into the absolute link mailed to the shopper.
ActivationUrl = Callable[[str], str]


def storefront_url(request: HttpRequest, viewname: str, *args: str, **query: str) -> str:
    url = request.build_absolute_uri(reverse(viewname, args=args))
    return f"{url}?{urlencode(query)}" if query else url


def frontend_url(name: str, **params: str) -> str | None:
    """``SHOPKIT_FRONTEND_URL[name]`` filled with ``params``, or ``None`` if not set."""
    template = app_settings.FRONTEND_URL.get(name)
    return template.format(**params) if template else None


def activation_url(request: HttpRequest, *, api: bool) -> ActivationUrl:
    """How to turn an activation code into the link mailed to the shopper.

    API registrations link to the front end's ``"activation"`` page when one
    is configured; everything else links to the storefront.
    """

    def build(code: str) -> str:
        external = frontend_url("activation", code=code) if api else None
        return external or storefront_url(request, "shopkit_accounts:activate", code)

    return build
