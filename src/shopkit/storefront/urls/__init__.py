"""Every storefront page: ``path("", include("shopkit.storefront.urls"))``.

Each part keeps its own namespace and can be included alone instead, at the
same prefix (the pages link to each other by these names):

- ``""``: ``shopkit.storefront.urls.catalogue`` (``shopkit_storefront``:
  index, list, detail, search, cart);
- ``"user/"``: ``shopkit.storefront.urls.accounts`` (``shopkit_accounts``);
- ``"orders/"``: ``shopkit.storefront.urls.orders`` (``shopkit_orders``);
- ``"pay/"``: ``shopkit.storefront.urls.payments`` (``shopkit_payments``).
"""

from django.urls import include, path

urlpatterns = [
    path("user/", include("shopkit.storefront.urls.accounts")),
    path("orders/", include("shopkit.storefront.urls.orders")),
    path("pay/", include("shopkit.storefront.urls.payments")),
    path("", include("shopkit.storefront.urls.catalogue")),
]
