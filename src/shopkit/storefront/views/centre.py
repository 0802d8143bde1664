"""The user centre: profile and addresses (the orders tab is in ``orders``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from shopkit.accounts import addresses, divisions
from shopkit.accounts.models import Address, Shopper
from shopkit.accounts.sms.codes import active_code_provider
from shopkit.core.exceptions import ShopkitError
from shopkit.goods.history import recent_views
from shopkit.goods.services import sku_card
from shopkit.storefront.forms.addresses import AddressForm
from shopkit.storefront.views import LOGIN_URL

#: The submit button that, without script, only brings the next select's choices.
SHOW_DIVISIONS = "show_divisions"


@login_required(login_url=LOGIN_URL)
def profile(request: HttpRequest) -> HttpResponse:
    """Contact details, default address and the last five browsed SKUs."""
    context = {
        "shopper": Shopper.objects.filter(user=request.user).first(),
        "default_address": addresses.default_address(request.user),
        "browse_history": [sku_card(sku) for sku in recent_views(request.user)],
        "centre_tab": "profile",
        "sms": active_code_provider() is not None,  # the phone binding link
    }
    return render(request, "shopkit/accounts/profile.html", context)


def address_form(request: HttpRequest, initial: dict[str, Any] | None = None) -> AddressForm:
    """The form as posted; after the "show cities and districts" button, the
    posted values unbound, so the page shows the next list and no errors."""
    if request.method != "POST":
        return AddressForm(initial=initial)
    if SHOW_DIVISIONS in request.POST:
        return AddressForm(initial=request.POST.dict())
    return AddressForm(request.POST, initial=initial)


def save_address(form: AddressForm, save: Callable[[addresses.AddressInput], object]) -> bool:
    """``save`` the valid posted form's address; the service's refusal lands on the form."""
    if not form.is_bound or not form.is_valid():
        return False
    try:
        save(form.address_input())
    except ShopkitError as error:
        form.add_service_error(error)
        return False
    return True


@login_required(login_url=LOGIN_URL)
def address_list(request: HttpRequest) -> HttpResponse:
    form = address_form(request)
    if save_address(form, lambda entered: addresses.add_address(request.user, entered)):
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
    form = address_form(request, AddressForm.initial_for(address))
    if save_address(form, lambda entered: addresses.update_address(request.user, pk, entered)):
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


@require_GET
@cache_control(public=True, max_age=divisions.MAX_AGE)
def address_divisions(request: HttpRequest) -> JsonResponse:
    """``{"divisions": [{code, name}]}``: the provinces, or the divisions below
    ``?parent=<code>`` (for the address form's selects); 404 for an unknown code."""
    try:
        listed = divisions.children(request.GET.get("parent", ""))
    except ShopkitError as error:
        return JsonResponse({"error": error.message}, status=404)
    return JsonResponse({"divisions": [{"code": d.code, "name": d.name} for d in listed]})
