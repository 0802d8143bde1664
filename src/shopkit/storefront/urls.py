from django.urls import path

from shopkit.storefront import views

app_name = "shopkit_storefront"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/<int:category_id>/<str:page>", views.category_list, name="list"),
    path("goods/<int:sku_id>", views.detail, name="detail"),
    path("search/", views.search, name="search"),
]
