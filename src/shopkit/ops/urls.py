"""The operations endpoints, included by ``shopkit.urls`` at the root."""

from django.urls import path

from shopkit.ops.views import HealthView, metrics

app_name = "shopkit_ops"

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("metrics", metrics, name="metrics"),
]
