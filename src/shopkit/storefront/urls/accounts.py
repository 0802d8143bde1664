"""Account pages under ``user/``, namespace ``shopkit_accounts``."""

from django.urls import path

from shopkit.storefront.views import auth, centre, login_providers, passwords

app_name = "shopkit_accounts"

urlpatterns = [
    path("", centre.profile, name="profile"),
    path("register/", auth.register, name="register"),
    path("activate/", auth.resend_activation, name="resend_activation"),
    path("activate/<str:code>/", auth.activate, name="activate"),
    path("login/", auth.login_view, name="login"),
    path("login/sms/", auth.login_sms, name="login_sms"),
    path("phone/", auth.phone_bind, name="phone"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", passwords.change_password, name="password_change"),
    path("password/reset/", passwords.reset_request, name="password_reset"),
    path("password/reset/verify/", passwords.reset_verify, name="password_reset_verify"),
    path("password/reset/new/", passwords.reset_new, name="password_reset_new"),
    path("address/", centre.address_list, name="addresses"),
    path("address/divisions/", centre.address_divisions, name="address_divisions"),
    path("address/<int:pk>/", centre.address_edit, name="address_edit"),
    path("address/<int:pk>/delete/", centre.address_delete, name="address_delete"),
    path("address/<int:pk>/default/", centre.address_default, name="address_default"),
    path("oauth/<slug:provider>/login/", login_providers.start, name="oauth_login"),
    path("oauth/<slug:provider>/callback/", login_providers.callback, name="oauth_callback"),
    path("oauth/<slug:provider>/bind/", login_providers.bind, name="oauth_bind"),
]
