"""Storefront order pages: ``path("orders/", include("shopkit.orders.urls"))``."""

from django.urls import path

from shopkit.orders import views

app_name = "shopkit_orders"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("settlement/", views.settlement, name="settlement"),
    path("<str:order_id>/cancel/", views.cancel, name="cancel"),
    path("<str:order_id>/receive/", views.receive, name="receive"),
    path("<str:order_id>/comment/", views.comment, name="comment"),
]
