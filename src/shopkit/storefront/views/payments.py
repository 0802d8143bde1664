"""Storefront payment pages: choose a provider, the sandbox's pay page, the result."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shopkit.api.callbacks import callback_urls
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.models import Order, OrderStatus
from shopkit.payments.fields import parse_form
from shopkit.payments.providers.sandbox import SandboxPaymentProvider
from shopkit.payments.registry import default_provider_name, get_payment_providers
from shopkit.payments.services import confirm_return, handle_notification, pay_url_for
from shopkit.storefront.forms.accounts import add_service_error
from shopkit.storefront.forms.payments import ProviderChoiceForm
from shopkit.storefront.views import LOGIN_URL


@login_required(login_url=LOGIN_URL)
def pay(request: HttpRequest, order_id: str) -> HttpResponse:
    """The shopper's own unpaid order, the active providers, and off to pay."""
    order = Order.objects.filter(pk=order_id, user=request.user).first()
    if order is None:
        raise Http404
    providers = list(get_payment_providers().values())
    default = default_provider_name()
    form = ProviderChoiceForm(
        request.POST or None,
        providers=providers,
        initial={"provider": default if default in {p.name for p in providers} else None},
    )
    payable = order.status == OrderStatus.UNPAID
    if request.method == "POST" and payable and form.is_valid():
        try:
            return redirect(
                pay_url_for(order, callback_urls(request), form.cleaned_data["provider"])
            )
        except ShopkitError as error:
            add_service_error(form, error)
    context = {"order": order, "form": form, "payable": payable, "providers": providers}
    return render(request, "shopkit/payments/pay.html", context)


def sandbox(request: HttpRequest, token: str) -> HttpResponse:
    """The sandbox provider's pay page: "Pay" notifies and returns; "Cancel" just returns."""
    provider, ticket = _sandbox_ticket(token)
    order = Order.objects.filter(pk=ticket["order_id"]).first()
    if order is None:
        raise Http404
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pay":
            handle_notification(provider.name, provider.complete(ticket))
        if action in {"pay", "cancel"}:
            return redirect(f"{ticket['return_url']}?{urlencode(provider.return_params(ticket))}")
        error = _("Choose Pay or Cancel.")
    context = {"order": order, "amount": ticket["total_amount"], "error": error}
    return render(request, "shopkit/payments/sandbox.html", context, status=400 if error else 200)


def _sandbox_ticket(token: str) -> tuple[SandboxPaymentProvider, dict[str, str]]:
    """The active sandbox provider that signed ``token``, and the ticket; else a 404."""
    for provider in get_payment_providers().values():
        if isinstance(provider, SandboxPaymentProvider):
            try:
                return provider, provider.read_ticket(token)
            except ShopkitError:
                continue
    raise Http404


def result(request: HttpRequest) -> HttpResponse:
    """Where the shopper lands after paying: paid, or not confirmed (yet)."""
    order, paid, error = None, False, None
    try:
        order, paid = confirm_return(None, parse_form(request.META.get("QUERY_STRING", "")))
    except ShopkitError as exc:
        error = _(exc.message)
    can_retry = (
        order is not None
        and order.status == OrderStatus.UNPAID
        and request.user.is_authenticated
        and order.user_id == request.user.pk
    )
    context = {"order": order, "paid": paid, "error": error, "can_retry": can_retry}
    return render(request, "shopkit/payments/result.html", context)
