"""Server-rendered catalogue pages: thin views over the goods and content services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shopkit.conf import app_settings
from shopkit.content.services import home_page
from shopkit.content.static_index import static_index_name, static_index_storage
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ServiceUnavailable, ShopkitError
from shopkit.goods import services, tags
from shopkit.goods.history import record_view
from shopkit.search import services as search_services
from shopkit.search.facets import SearchFilters, lenient_filters
from shopkit.storefront.cached_pages import cached_response


def index(request: HttpRequest) -> HttpResponse:
    return cached_response(
        request, "shopkit/storefront/index.html", lambda: ({"home": home_page()}, set())
    )


def static_index(request: HttpRequest) -> HttpResponse:
    """The rendered static home page, from the storage of
    ``shopkit_storage("static_index")``; in production the web server (or the
    storage's own host) serves this file itself."""
    storage, name = static_index_storage(), static_index_name()
    if storage is None or not storage.exists(name):
        raise Http404("No static home page has been rendered.")
    return FileResponse(storage.open(name), content_type="text/html; charset=utf-8")


def path_number(text: str) -> int:
    """A positive number from the path (ASCII digits only), else a 404."""
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise Http404("Not a page or an id")
    return int(text)


def category_list(request: HttpRequest, category_id: int, page: str) -> HttpResponse:
    """One page of a category. An unknown category and a page that does not
    exist (not a number, 0, past the end) are 404s: a wrong link must not pass
    for page 1. A 404 raised while building is never cached."""
    number = path_number(page)

    def build() -> tuple[dict, set[str]]:
        try:
            category = services.get_category(category_id)
        except ShopkitError:
            raise Http404("No such category") from None
        listing = services.category_page(category, request.GET.get("sort", "default"), number)
        if listing["page"] != number:  # the service falls back to page 1 for the API's sake
            raise Http404("No such page of the category")
        newest = services.newest_in_category(category.pk)
        # Every SKU of the category, so every "newest" card, is under its tag.
        return {"listing": listing, "newest": newest}, {tags.category_tag(category.pk)}

    return cached_response(request, "shopkit/storefront/list.html", build, ("sort",))


def detail(request: HttpRequest, sku_id: str) -> HttpResponse:
    number = path_number(sku_id)

    def build() -> tuple[dict, set[str]]:
        try:
            sku = services.sku_detail(number)
        except ShopkitError:
            raise Http404("No such SKU on sale") from None
        return {"sku": sku, "spec_choices": spec_choices(sku)}, set()

    response = cached_response(request, "shopkit/storefront/detail.html", build)
    if request.user.is_authenticated:
        record_view(request.user, number)
    return response


#: The query parameters that change the search page (its render cache key).
SEARCH_PARAMS = ("q", "page", "category", "price_min", "price_max")


def search(request: HttpRequest) -> HttpResponse:
    def build() -> tuple[dict, set[str]]:
        query = request.GET.get("q", "")
        context: dict = {"search_query": " ".join(query.split())}
        # Unusable filters are left out: a bad link narrows less, never fails.
        filters = lenient_filters(request.GET)
        try:
            results = search_services.search_skus(
                query, request.GET.get("page", 1), filters, facets=True
            )
        except ServiceUnavailable:
            raise  # the search engine is down: answered below, never cached
        except ShopkitError as error:
            if error.code == ErrorCode.GOODS_SEARCH_QUERY_EMPTY:
                context["message"] = _("Enter the name of the goods you are looking for.")
            else:
                context["message"] = _(
                    "The search is too long: use at most %(limit)d characters."
                ) % {"limit": app_settings.SEARCH_MAX_QUERY_LENGTH}
            return context, set()
        context["results"] = results
        context["facet_links"] = facet_links(results["query"], filters, results["facets"])
        # The search service's cached results carry the index's and the SKUs' tags.
        return context, set()

    try:
        return cached_response(request, "shopkit/storefront/search.html", build, SEARCH_PARAMS)
    except ServiceUnavailable as error:
        context = {
            "search_query": " ".join(request.GET.get("q", "").split()),
            "message": _(error.code.message),
        }
        return render(request, "shopkit/storefront/search.html", context, status=503)


def _search_url(query: str, **params: str | None) -> str:
    kept = {"q": query, **{name: value for name, value in params.items() if value is not None}}
    return "?" + urlencode(kept)


def facet_links(query: str, filters: SearchFilters, facets: dict) -> dict:
    """Links that narrow the results (keeping the query and the other facet's
    choice) with their counts, links that clear each facet, and the query
    string pages keep."""
    chosen = filters.params()
    price = {"price_min": chosen["price_min"], "price_max": chosen["price_max"]}
    categories = [
        {
            **facet,
            "url": _search_url(query, category=str(facet["id"]), **price),
            "active": filters.category == facet["id"],
        }
        for facet in facets["categories"]
    ]
    prices = [
        {
            **facet,
            "url": _search_url(
                query, category=chosen["category"], price_min=facet["min"], price_max=facet["max"]
            ),
            "active": (chosen["price_min"], chosen["price_max"]) == (facet["min"], facet["max"]),
        }
        for facet in facets["prices"]
    ]
    return {
        "categories": categories,
        "prices": prices,
        "all_categories": _search_url(query, **price),
        "all_prices": _search_url(query, category=chosen["category"]),
        "page_url": _search_url(query, **chosen),
        "narrowed": bool(filters),
    }


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
