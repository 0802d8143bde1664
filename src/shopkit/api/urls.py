"""Include under the API prefix: ``path("v1/", include("shopkit.api.urls"))``.

The payment callbacks are plain Django views (the provider dictates their
answers); everything else is the ninja API.
"""

from django.urls import path

from shopkit.api import callbacks
from shopkit.api.api import api

urlpatterns = [
    path("pays/<str:provider>/notify", callbacks.notify, name="shopkit_pays_notify"),
    path("pays/<str:provider>/return", callbacks.payment_return, name="shopkit_pays_return"),
    path("", api.urls),
]
