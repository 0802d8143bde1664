"""Include under the API prefix: ``path("v1/", include("shopkit.api.urls"))``."""

from django.urls import path

from shopkit.api.api import api

urlpatterns = [path("", api.urls)]
