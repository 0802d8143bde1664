"""Storefront payment pages: ``path("pay/", include("shopkit.payments.urls"))``.

The provider callbacks (notify, return) live under the API prefix, in
``shopkit.api.urls``.
"""

from django.urls import path, re_path

from shopkit.payments import views

app_name = "shopkit_payments"

urlpatterns = [
    path("result/", views.result, name="result"),
    path("sandbox/<str:token>", views.sandbox, name="sandbox"),
    re_path(r"^(?P<order_id>[0-9]{1,16})/$", views.pay, name="pay"),
]
