from django.urls import path

from shopkit.cart import views as cart_views
from shopkit.storefront import views

app_name = "shopkit_storefront"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/<int:category_id>/<str:page>", views.category_list, name="list"),
    path("goods/<int:sku_id>", views.detail, name="detail"),
    path("cart/", cart_views.cart_page, name="cart"),
    path("cart/<str:action>", cart_views.cart_action, name="cart_action"),
    path("search/", views.search, name="search"),
]
