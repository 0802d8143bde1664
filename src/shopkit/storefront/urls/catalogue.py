"""The catalogue and cart pages at the site root, namespace ``shopkit_storefront``."""

from django.urls import path

from shopkit.storefront.views import cart, catalogue

app_name = "shopkit_storefront"

# Pages and SKU ids are taken as text and checked by the views, so a wrong one
# is a 404 at once instead of a redirect to the same path with a slash.
urlpatterns = [
    path("", catalogue.index, name="index"),
    path("index.html", catalogue.static_index, name="static_index"),
    path("list/<int:category_id>/<str:page>", catalogue.category_list, name="list"),
    path("goods/<str:sku_id>", catalogue.detail, name="detail"),
    path("cart/", cart.cart_page, name="cart"),
    path("cart/<str:action>", cart.cart_action, name="cart_action"),
    path("search/", catalogue.search, name="search"),
]
