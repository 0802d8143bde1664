"""Server-rendered catalogue pages: thin views over the goods and content services."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from shopkit.content.services import home_page
from shopkit.core.exceptions import ShopkitError
from shopkit.goods import services
from shopkit.goods.history import record_view


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "shopkit/storefront/index.html", {"home": home_page()})


def category_list(request: HttpRequest, category_id: int, page: str) -> HttpResponse:
    try:
        category = services.get_category(category_id)
    except ShopkitError:
        return redirect("shopkit_storefront:index")
    listing = services.category_page(category, request.GET.get("sort", "default"), page)
    newest = services.newest_in_category(category.pk)
    return render(request, "shopkit/storefront/list.html", {"listing": listing, "newest": newest})


def detail(request: HttpRequest, sku_id: int) -> HttpResponse:
    try:
        sku = services.sku_detail(sku_id)
    except ShopkitError:
        raise Http404("No such SKU on sale") from None
    if request.user.is_authenticated:
        record_view(request.user, sku["skuid"])
    return render(
        request,
        "shopkit/storefront/detail.html",
        {"sku": sku, "spec_choices": spec_choices(sku)},
    )


def spec_choices(sku: dict) -> list[dict]:
    """For each sale attribute, each value with the SKU it switches to (or none)."""
    chosen = {a["id"]: a["chosen"] for a in sku["sale_attributes"]}
    rows = []
    for attribute in sku["sale_attributes"]:
        values = []
        for value in attribute["values"]:
            wanted = {**chosen, attribute["id"]: value["id"]}
            key = ",".join(str(wanted[a]) for a in sorted(wanted))
            values.append(
                {
                    **value,
                    "sku_id": sku["variants"].get(key),
                    "current": value["id"] == attribute["chosen"],
                }
            )
        rows.append({"name": attribute["name"], "values": values})
    return rows
