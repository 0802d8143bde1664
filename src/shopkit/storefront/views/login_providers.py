"""Storefront login with a login provider (``user/oauth/<provider>/…``): to
the provider, back with a code, then log in or bind."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from shopkit.accounts import services
from shopkit.accounts.links import activation_url, storefront_url
from shopkit.accounts.login_providers import services as login_providers
from shopkit.accounts.login_providers.registry import get_login_provider
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.storefront.forms.accounts import ProviderBindForm, add_service_error


def state_key(provider: str) -> str:
    return f"shopkit_{provider}_state"


def ticket_key(provider: str) -> str:
    return f"shopkit_{provider}_ticket"


def callback_url(request: HttpRequest, provider: str) -> str:
    return storefront_url(request, "shopkit_accounts:oauth_callback", provider)


def failed(request: HttpRequest, error: ShopkitError) -> HttpResponse:
    messages.error(request, _(error.message))
    return redirect("shopkit_accounts:login")


def start(request: HttpRequest, provider: str) -> HttpResponse:
    state = login_providers.make_state(provider)
    try:
        url = login_providers.authorization_url(provider, callback_url(request, provider), state)
    except ShopkitError as error:
        return failed(request, error)
    request.session[state_key(provider)] = state
    return redirect(url)


def log_in(request: HttpRequest, user: AbstractBaseUser) -> HttpResponse:
    try:
        services.log_in_session(request, user)
    except ShopkitError as error:
        return failed(request, error)
    return redirect("shopkit_accounts:profile")


def callback(request: HttpRequest, provider: str) -> HttpResponse:
    expected = request.session.pop(state_key(provider), "")
    if not expected or not constant_time_compare(expected, request.GET.get("state", "")):
        return failed(request, ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED))
    try:
        user = login_providers.user_for_code(
            provider, request.GET.get("code", ""), callback_url(request, provider)
        )
    except ShopkitError as error:
        if error.code != ErrorCode.PROVIDER_ACCOUNT_NOT_BOUND:
            return failed(request, error)
        request.session[ticket_key(provider)] = error.data["uid"]
        return redirect("shopkit_accounts:oauth_bind", provider)
    return log_in(request, user)


def bind(request: HttpRequest, provider: str) -> HttpResponse:
    ticket = request.session.get(ticket_key(provider))
    if not ticket:
        return redirect("shopkit_accounts:login")
    try:
        login_provider = get_login_provider(provider)
    except ShopkitError as error:
        return failed(request, error)
    form = ProviderBindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_providers.bind(
                request,
                provider,
                ticket,
                form.new_account(),
                activation_url(request, api=False),
            )
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            del request.session[ticket_key(provider)]
            messages.success(
                request,
                _("Your %(provider)s account is bound.") % {"provider": login_provider.title},
            )
            return log_in(request, user)
    context = {"form": form, "provider": login_provider}
    return render(request, "shopkit/accounts/provider_bind.html", context)
