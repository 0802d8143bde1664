"""Include under the API prefix: ``path("v1/", include("shopkit.api.urls"))``.

The payment callbacks are plain Django views (the provider dictates their
answers); everything else is the ninja API, with the routers plugins add,
built again when the plugins change.
"""

from django.urls import URLPattern, URLResolver, path

from shopkit.api import callbacks
from shopkit.api.api import API_NAMESPACE, get_api
from shopkit.core.surface import RebuiltInclude


def api_patterns() -> list[URLPattern | URLResolver]:
    patterns, _app_name, _namespace = get_api().urls
    return patterns


urlpatterns = [
    path("pays/<str:provider>/notify", callbacks.notify, name="shopkit_pays_notify"),
    path("pays/<str:provider>/return", callbacks.payment_return, name="shopkit_pays_return"),
    RebuiltInclude("", api_patterns, app_name="ninja", namespace=API_NAMESPACE),
]
