"""Order pages under ``orders/``, namespace ``shopkit_orders``."""

from django.urls import path

from shopkit.storefront.views import orders

app_name = "shopkit_orders"

urlpatterns = [
    path("", orders.order_list, name="list"),
    path("settlement/", orders.settlement, name="settlement"),
    path("<str:order_id>/cancel/", orders.cancel, name="cancel"),
    path("<str:order_id>/receive/", orders.receive, name="receive"),
    path("<str:order_id>/comment/", orders.comment, name="comment"),
]
