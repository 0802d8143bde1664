from django.urls import path

from shopkit.storefront import views

app_name = "shopkit_storefront"

urlpatterns = [
    path("", views.index, name="index"),
]
