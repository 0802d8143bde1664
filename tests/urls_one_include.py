"""A host URLconf with nothing but shopkit's one include (``tests/test_urls.py``)."""

from django.urls import include, path

urlpatterns = [path("", include("shopkit.urls"))]
