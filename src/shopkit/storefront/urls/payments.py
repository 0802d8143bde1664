"""Payment pages under ``pay/``, namespace ``shopkit_payments``.

The provider callbacks (notify, return) live under the API prefix, in
``shopkit.api.urls``.
"""

from django.urls import path, re_path

from shopkit.storefront.views import payments

app_name = "shopkit_payments"

urlpatterns = [
    path("result/", payments.result, name="result"),
    path("sandbox/<str:token>", payments.sandbox, name="sandbox"),
    re_path(r"^(?P<order_id>[0-9]{1,16})/$", payments.pay, name="pay"),
]
