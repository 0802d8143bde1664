"""Storefront order pages: settlement (place order), the user centre's orders
tab with its actions (pay, cancel, confirm receipt) and the comment form.

Every rule lives in the services; these views only shape input and show the
service's answer, so the storefront and the API behave the same.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shopkit.accounts.addresses import list_addresses
from shopkit.api.callbacks import callback_urls
from shopkit.cart.services import selected_lines
from shopkit.core.exceptions import ShopkitError
from shopkit.core.pagination import clamp_page, page_window
from shopkit.orders import queries
from shopkit.orders.comments import clean_comment, comment_order
from shopkit.orders.lifecycle import cancel_order, confirm_receipt, get_user_order
from shopkit.orders.models import OrderStatus
from shopkit.orders.placement import settle
from shopkit.payments.registry import get_payment_providers
from shopkit.payments.services import place_to_pay
from shopkit.storefront.forms.orders import PlaceOrderForm
from shopkit.storefront.views import LOGIN_URL

ORDERS_PER_PAGE = 5
#: The user centre's tabs: API.md's list filter number → label.
STATUS_TABS = [
    (0, gettext_lazy("All orders")),
    (1, gettext_lazy("Awaiting payment")),
    (2, gettext_lazy("Awaiting shipment")),
    (3, gettext_lazy("Shipped")),
    (4, gettext_lazy("Completed")),
]


def _buy_now_line(data: Any) -> list[tuple[str, str]] | None:
    """A "buy now" choice travels in the query string and then the form; the
    service validates it like any other line."""
    if "sku_id" not in data:
        return None
    return [(data.get("sku_id", ""), data.get("count", "1"))]


@login_required(login_url=LOGIN_URL)
def settlement(request: HttpRequest) -> HttpResponse:
    """Check what is being bought, choose address and payment, place the order."""
    buy_now = _buy_now_line(request.POST if request.method == "POST" else request.GET)
    lines = buy_now or selected_lines(request.user)
    addresses = list_addresses(request.user)
    providers = get_payment_providers()
    form = PlaceOrderForm(request.POST or None, addresses=addresses, providers=providers)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            _order, pay_url = place_to_pay(
                request.user,
                form.cleaned_data["address"],
                lines,
                callback_urls(request),
                form.cleaned_data["provider"],
                from_cart=buy_now is None,
            )
        except ShopkitError as error:
            refused = error
        else:
            return redirect(pay_url)
    try:
        priced = settle(lines)
    except ShopkitError as error:
        messages.error(request, _(error.message))
        return redirect("shopkit_storefront:cart")
    if refused is not None:
        messages.error(request, _(refused.message))
    context = {
        "form": form,
        "settlement": priced,
        "lines": [
            (sku, count, priced.sale_attributes[sku.pk], sku.price * count)
            for sku, count in priced.skus
        ],
        "buy_now": buy_now[0] if buy_now else None,
        "has_addresses": bool(addresses),
    }
    return render(request, "shopkit/orders/settlement.html", context)


@login_required(login_url=LOGIN_URL)
def order_list(request: HttpRequest) -> HttpResponse:
    """The user centre's orders tab, filtered by the status tabs of API.md §5."""
    tab = _tab(request.GET.get("status"))
    paginator = Paginator(
        queries.user_orders(request.user, tab).order_by("-created"), ORDERS_PER_PAGE
    )
    page = paginator.page(clamp_page(request.GET.get("page"), paginator.num_pages))
    context = {
        "orders": page.object_list,
        "page": page,
        "window": page_window(page.number, paginator.num_pages),
        "tabs": STATUS_TABS,
        "tab": tab,
        "centre_tab": "orders",
        "statuses": OrderStatus,
    }
    return render(request, "shopkit/orders/list.html", context)


def _tab(raw: str | None) -> int:
    """The status tab asked for; anything unknown is "all orders"."""
    known = {str(number): number for number, _label in STATUS_TABS}
    return known.get(raw or "", 0)


def _back_to_orders(request: HttpRequest) -> HttpResponse:
    tab = _tab(request.POST.get("tab"))
    return redirect(f"{reverse('shopkit_orders:list')}?status={tab}")


@require_POST
@login_required(login_url=LOGIN_URL)
def cancel(request: HttpRequest, order_id: str) -> HttpResponse:
    order = _owned(request, order_id)
    try:
        cancel_order(order.pk, "cancelled by shopper", shopper=True)
    except ShopkitError as error:
        messages.error(request, _(error.message))
    else:
        messages.success(request, _("Order %(order_id)s cancelled.") % {"order_id": order.pk})
    return _back_to_orders(request)


@require_POST
@login_required(login_url=LOGIN_URL)
def receive(request: HttpRequest, order_id: str) -> HttpResponse:
    try:
        order = confirm_receipt(request.user, order_id)
    except ShopkitError as error:
        messages.error(request, _(error.message))
        return _back_to_orders(request)
    messages.success(request, _("Receipt confirmed. Tell others what you think!"))
    return redirect("shopkit_orders:comment", order.pk)


@login_required(login_url=LOGIN_URL)
def comment(request: HttpRequest, order_id: str) -> HttpResponse:
    """One comment and score per line still uncommented; the last completes the order."""
    order = _owned(request, order_id)
    pending = [line for line in order.lines.order_by("id") if line.commented_at is None]
    errors: list[str] = []
    if request.method == "POST":
        wanted = [
            {
                "sku_id": line.sku_id,
                "content": request.POST.get(f"content-{line.sku_id}", ""),
                "score": request.POST.get(f"score-{line.sku_id}", "5"),
                "is_anonymous": request.POST.get(f"anonymous-{line.sku_id}", ""),
            }
            for line in pending
            if request.POST.get(f"content-{line.sku_id}", "").strip()
        ]
        try:
            if not wanted:
                errors.append(_("Write a comment for at least one product."))
            elif comment_order(request.user, order.pk, [clean_comment(item) for item in wanted]):
                messages.success(request, _("Thank you! The order is completed."))
                return redirect(f"{reverse('shopkit_orders:list')}?status=4")
            else:
                messages.success(request, _("Comment saved."))
                return redirect("shopkit_orders:comment", order.pk)
        except ShopkitError as error:
            errors.append(_(error.message))
    context = {"order": order, "pending": pending, "errors": errors, "centre_tab": "orders"}
    return render(request, "shopkit/orders/comment.html", context)


def _owned(request: HttpRequest, order_id: str) -> Any:
    try:
        return get_user_order(request.user, order_id)
    except ShopkitError:
        raise Http404 from None
