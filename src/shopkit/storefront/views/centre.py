"""The user centre: profile and addresses (the orders tab is in ``orders``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shopkit.accounts import addresses
from shopkit.accounts.models import Address, Shopper
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.history import recent_views
from shopkit.goods.services import sku_card
from shopkit.storefront.forms.accounts import AddressForm, add_service_error
from shopkit.storefront.views import LOGIN_URL


@login_required(login_url=LOGIN_URL)
def profile(request: HttpRequest) -> HttpResponse:
    """Contact details, default address and the last five browsed SKUs."""
    context = {
        "shopper": Shopper.objects.filter(user=request.user).first(),
        "default_address": addresses.default_address(request.user),
        "browse_history": [sku_card(sku) for sku in recent_views(request.user)],
        "centre_tab": "profile",
    }
    return render(request, "shopkit/accounts/profile.html", context)


@login_required(login_url=LOGIN_URL)
def address_list(request: HttpRequest) -> HttpResponse:
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            addresses.add_address(request.user, addresses.AddressInput(**form.cleaned_data))
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Address added."))
            return redirect("shopkit_accounts:addresses")
    context = {
        "form": form,
        "addresses": addresses.list_addresses(request.user),
        "centre_tab": "addresses",
    }
    return render(request, "shopkit/accounts/addresses.html", context)


def owned_address(request: HttpRequest, pk: int) -> Address:
    """The shopper's own address ``pk``; anyone else's is a 404, like a missing one."""
    try:
        return addresses.get_address(request.user, pk)
    except ShopkitError:
        raise Http404 from None


@login_required(login_url=LOGIN_URL)
def address_edit(request: HttpRequest, pk: int) -> HttpResponse:
    address = owned_address(request, pk)
    initial = {field: getattr(address, field) for field in AddressForm.base_fields}
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            addresses.update_address(request.user, pk, addresses.AddressInput(**form.cleaned_data))
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Address saved."))
            return redirect("shopkit_accounts:addresses")
    context = {"form": form, "address": address, "centre_tab": "addresses"}
    return render(request, "shopkit/accounts/address_edit.html", context)


def change_address(
    request: HttpRequest, pk: int, change: Callable[[Any, int], object], message: str
) -> HttpResponse:
    """Apply ``change(user, pk)`` to the shopper's own address ``pk``; back to the list."""
    owned_address(request, pk)
    change(request.user, pk)
    messages.success(request, message)
    return redirect("shopkit_accounts:addresses")


@login_required(login_url=LOGIN_URL)
@require_POST
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return change_address(request, pk, addresses.delete_address, _("Address deleted."))


@login_required(login_url=LOGIN_URL)
@require_POST
def address_default(request: HttpRequest, pk: int) -> HttpResponse:
    return change_address(request, pk, addresses.set_default_address, _("Default address set."))
