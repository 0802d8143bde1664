"""Everything shopkit serves, for one include in the host's URLconf::

    urlpatterns = [
        ...,
        path("", include("shopkit.urls")),
        path("", include(wagtail_urls)),  # Wagtail's catch-all stays last
    ]

That gives the JSON API under ``SHOPKIT_API_PATH_PREFIX`` (``/v1/``) with the
payment providers' notify/return callbacks, and every storefront page: the
catalogue and cart at the root, accounts under ``user/``, orders under
``orders/``, payment pages under ``pay/``, and the rendered static home page
at ``index.html``; and, for operations, ``health/`` (for load balancers) and
``metrics`` (for Prometheus). Plugins add their pages (``shopkit_storefront_urls``,
namespace ``shopkit_plugins``) and API routers (``shopkit_api_routers``)
here too, without a line of the host's; they follow the plugins at runtime
(``shopkit.core.surface.RebuiltInclude``).

To include the faces separately (another prefix for the storefront, or no
storefront at all), include the parts instead of this module:

- ``path("v1/", include("shopkit.api.urls"))``: the API and the callbacks
  (keep the prefix equal to ``SHOPKIT_API_PATH_PREFIX``: errors below it are
  answered as JSON envelopes);
- ``path("", include("shopkit.storefront.urls"))``: every storefront page, or
  only some of its sub-modules, each with its own namespace:
  ``shopkit.storefront.urls.catalogue`` (``shopkit_storefront``),
  ``.accounts`` (``shopkit_accounts``, at ``user/``), ``.orders``
  (``shopkit_orders``, at ``orders/``) and ``.payments`` (``shopkit_payments``,
  at ``pay/``);
- ``path("", include("shopkit.ops.urls"))``: ``health/`` and ``metrics``.
"""

from django.urls import include, path

from shopkit.conf import app_settings

# A URLconf is imported on the first request, once settings are configured.
_api_prefix = app_settings.API_PATH_PREFIX.strip("/")

urlpatterns = [
    path(f"{_api_prefix}/" if _api_prefix else "", include("shopkit.api.urls")),
    path("", include("shopkit.ops.urls")),
    path("", include("shopkit.storefront.urls")),
]
