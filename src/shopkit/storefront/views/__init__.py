"""The storefront's pages: each parses a form, calls a service, renders.

One module per area: ``catalogue`` (index, list, detail, search, the static
home page), ``cart``, ``orders``, ``payments``, and the shopper's account
pages ``auth``, ``centre``, ``passwords`` and ``login_providers`` (Weibo
and any other login provider).
"""

from django.http import HttpRequest
from django.urls import reverse_lazy

#: Where ``login_required`` sends anonymous shoppers, whatever ``LOGIN_URL`` says.
LOGIN_URL = reverse_lazy("shopkit_accounts:login")


def wants_json(request: HttpRequest) -> bool:
    """Whether the page's own script asked (``Accept: application/json``): it
    gets the envelope where a plain form post gets a page or a redirect."""
    # From META: ``request.headers`` would copy every header first.
    return "application/json" in request.META.get("HTTP_ACCEPT", "")
