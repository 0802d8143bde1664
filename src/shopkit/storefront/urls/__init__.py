"""Every storefront page: ``path("", include("shopkit.storefront.urls"))``.

Each part keeps its own namespace and can be included alone instead, at the
same prefix (the pages link to each other by these names):

- ``""``: ``shopkit.storefront.urls.catalogue`` (``shopkit_storefront``:
  index, list, detail, search, cart);
- ``"user/"``: ``shopkit.storefront.urls.accounts`` (``shopkit_accounts``);
- ``"orders/"``: ``shopkit.storefront.urls.orders`` (``shopkit_orders``);
- ``"pay/"``: ``shopkit.storefront.urls.payments`` (``shopkit_payments``).

After them come the pages plugins add (``shopkit_storefront_urls``), in the
namespace ``shopkit_plugins``, built again when the plugins change.
"""

from django.urls import include, path

from shopkit.core.surface import PLUGIN_URL_NAMESPACE, RebuiltInclude, storefront_urls

urlpatterns = [
    path("user/", include("shopkit.storefront.urls.accounts")),
    path("orders/", include("shopkit.storefront.urls.orders")),
    path("pay/", include("shopkit.storefront.urls.payments")),
    path("", include("shopkit.storefront.urls.catalogue")),
    # Last: a plugin's page cannot take a URL of shopkit's own.
    RebuiltInclude(
        "", storefront_urls, app_name=PLUGIN_URL_NAMESPACE, namespace=PLUGIN_URL_NAMESPACE
    ),
]
