"""The URLconf of ``shopkit.testing.settings``: shopkit's one include, as a host adds it."""

from django.urls import include, path

urlpatterns = [path("", include("shopkit.urls"))]
