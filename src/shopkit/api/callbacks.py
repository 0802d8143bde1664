"""The provider-facing ends of a payment, under the API prefix:
``POST /v1/pays/<provider>/notify`` and ``GET /v1/pays/<provider>/return``.

They are plain Django views, not API operations: the provider, not the
envelope, decides what a notification answer looks like, and the return is
a browser redirect.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from shopkit.accounts.links import frontend_url
from shopkit.core.envelope import error_response
from shopkit.core.exceptions import ShopkitError
from shopkit.core.parsers import BadRequestData, request_body
from shopkit.payments.fields import parse_form
from shopkit.payments.services import (
    CallbackUrls,
    PaymentCallbacks,
    callback_url,
    confirm_return,
    get_provider,
    handle_notification,
)


def callback_urls(request: HttpRequest | None) -> CallbackUrls:
    """These callbacks' absolute URLs for a provider, for
    :func:`shopkit.payments.services.pay_url_for`."""

    def build(provider: str) -> PaymentCallbacks:
        notify, back = (
            callback_url(request, reverse(name, kwargs={"provider": provider}))
            for name in ("shopkit_pays_notify", "shopkit_pays_return")
        )
        return PaymentCallbacks(notify_url=notify, return_url=back)

    return build


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def notify(request: HttpRequest, provider: str) -> HttpResponse:
    """Verify and record a notification; answer as the provider requires, after commit."""
    try:
        payment_provider = get_provider(provider)
    except ShopkitError as error:
        return error_response(error)
    try:
        data = parse_form(request_body(request))
    except (ShopkitError, BadRequestData):
        # Unreadable (oversize, not UTF-8, NUL bytes …): refused in the provider's form.
        accepted = False
    else:
        accepted = handle_notification(payment_provider.name, data)
    body, content_type = payment_provider.notification_response(accepted)
    return HttpResponse(body, content_type=content_type)


@require_GET
@transaction.non_atomic_requests
def payment_return(request: HttpRequest, provider: str) -> HttpResponse:
    """Verify the shopper's return (querying the provider if no notification
    came yet) and send the browser to the result page with the same parameters."""
    query = request.META.get("QUERY_STRING", "")
    try:
        confirm_return(provider, parse_form(query))
    except ShopkitError as error:
        return error_response(error)
    target = frontend_url("pay_result", query=query)
    return redirect(target or f"{reverse('shopkit_payments:result')}?{query}")
