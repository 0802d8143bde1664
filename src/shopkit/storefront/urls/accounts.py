"""Account pages under ``user/``, namespace ``shopkit_accounts``."""

from django.urls import path

from shopkit.storefront.views import auth, centre, passwords, weibo

app_name = "shopkit_accounts"

urlpatterns = [
    path("", centre.profile, name="profile"),
    path("register/", auth.register, name="register"),
    path("activate/", auth.resend_activation, name="resend_activation"),
    path("activate/<str:code>/", auth.activate, name="activate"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", passwords.change_password, name="password_change"),
    path("password/reset/", passwords.reset_request, name="password_reset"),
    path("password/reset/verify/", passwords.reset_verify, name="password_reset_verify"),
    path("password/reset/new/", passwords.reset_new, name="password_reset_new"),
    path("address/", centre.address_list, name="addresses"),
    path("address/<int:pk>/", centre.address_edit, name="address_edit"),
    path("address/<int:pk>/delete/", centre.address_delete, name="address_delete"),
    path("address/<int:pk>/default/", centre.address_default, name="address_default"),
    path("weibo/login/", weibo.start, name="weibo_login"),
    path("weibo/callback/", weibo.callback, name="weibo_callback"),
    path("weibo/bind/", weibo.bind, name="weibo_bind"),
]
