"""Saving carts kept on the client (the anonymous shopper's signed cookie)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from shopkit.cart.services import request_stores


class CartMiddleware:
    """Write every cart store the request used to the response.

    Place it after ``AuthenticationMiddleware``. Without it, an anonymous
    shopper's cart changes are lost at the end of each request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for store in request_stores(request):
            store.save_to_response(response)
        return response
