"""The plugin's pages, served at ``/wechatpay/`` through ``shopkit_storefront_urls``.

- ``pay``: where ``start`` sends the shopper. It opens the trade: a Native
  trade shown as a QR code (an inline SVG drawn by ``segno``), or an H5
  trade the phone's browser is redirected to.
- ``notify``: WeChat's notification endpoint. Its body is JSON and its
  signature is in headers, and WeChat reads the HTTP status of the answer,
  so it is a view of its own rather than shopkit's form-based callback.
"""

from __future__ import annotations

import json

import segno
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shopkit.contrib.wechatpay.provider import MAX_NOTIFICATION, WechatPayProvider, read_ticket
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.models import Order, OrderStatus
from shopkit.payments.registry import get_payment_providers
from shopkit.payments.services import notification_error

#: ``verify_notification``'s keys and the headers they are read from.
NOTIFICATION_HEADERS = {
    "timestamp": "Wechatpay-Timestamp",
    "nonce": "Wechatpay-Nonce",
    "signature": "Wechatpay-Signature",
    "serial": "Wechatpay-Serial",
    "signature_type": "Wechatpay-Signature-Type",
}
#: The HTTP status of a refusal: WeChat sends 4xx/5xx-answered notifications again.
REFUSAL_STATUS = {
    ErrorCode.PAYS_SIGNATURE_INVALID: 401,
    ErrorCode.PAYS_PROVIDER_UNKNOWN: 404,
    ErrorCode.PAYS_PROVIDER_UNAVAILABLE: 503,
}


def pay(request: HttpRequest, token: str) -> HttpResponse:
    """Open the order's trade and show its QR code, or send a phone to H5 pay."""
    try:
        ticket = read_ticket(token)
    except ShopkitError:
        raise Http404 from None
    provider = get_payment_providers().get(ticket.get("provider", ""))
    order = Order.objects.filter(pk=ticket.get("order_id")).first()
    if not isinstance(provider, WechatPayProvider) or order is None:
        raise Http404
    if order.status != OrderStatus.UNPAID:
        return redirect(provider.return_url(order, ticket))
    context: dict = {"order": order, "provider": provider, "error": None}
    try:
        if provider.wants_h5(request.headers.get("User-Agent", "")):
            client_ip = request.META.get("REMOTE_ADDR", "")
            return redirect(provider.create_h5(order, ticket, client_ip))
        code_url = provider.create_native(order, ticket)
    except ShopkitError as error:
        context["error"] = gettext(error.message)
        return render(request, "shopkit_wechatpay/pay.html", context, status=502)
    svg = segno.make(code_url, error="m").svg_inline(scale=5, title=str(provider.title))
    context.update(
        # segno's own markup: the only text in it is the title it escaped.
        qr_svg=mark_safe(svg),
        return_url=provider.return_url(order, ticket),
    )
    return render(request, "shopkit_wechatpay/pay.html", context)


@csrf_exempt
@require_POST
@transaction.non_atomic_requests
def notify(request: HttpRequest, provider: str) -> HttpResponse:
    """Verify and record a notification for the provider ``provider``; 200 on
    success, else 4xx/5xx with ``{"code": "FAIL", "message": …}``, as WeChat expects."""
    payment_provider = get_payment_providers().get(provider)
    if not isinstance(payment_provider, WechatPayProvider):
        error: ShopkitError | None = ShopkitError(ErrorCode.PAYS_PROVIDER_UNKNOWN)
    elif len(request.body) > MAX_NOTIFICATION:
        error = ShopkitError(ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Notification too large"))
    else:
        error = notification_error(provider, notification_data(request))
    if error is None:
        body, content_type = payment_provider.notification_response(True)
        return HttpResponse(body, content_type=content_type)
    return HttpResponse(
        json.dumps({"code": "FAIL", "message": error.message}, ensure_ascii=False),
        status=REFUSAL_STATUS.get(error.code, 400),
        content_type="application/json",
    )


def notification_data(request: HttpRequest) -> dict[str, str]:
    """The body and ``Wechatpay-*`` headers, as ``verify_notification`` takes them."""
    data = {key: request.headers.get(header, "") for key, header in NOTIFICATION_HEADERS.items()}
    if not data["signature_type"]:
        del data["signature_type"]
    # Not UTF-8 is not WeChat's: the replacement characters fail the signature.
    data["body"] = request.body.decode("utf-8", "replace")
    return data


urlpatterns = [
    path("pay/<str:token>/", pay, name="pay"),
    path("notify/<str:provider>", notify, name="notify"),
]
