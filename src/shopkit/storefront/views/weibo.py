"""Storefront Weibo login: to Weibo, back with a code, then log in or bind."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from shopkit.accounts import services
from shopkit.accounts.links import activation_url, storefront_url
from shopkit.contrib.weibo import services as weibo
from shopkit.contrib.weibo.provider import WeiboOAuth2
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.storefront.forms.accounts import WeiboBindForm, add_service_error

STATE_KEY = "shopkit_weibo_state"
TICKET_KEY = "shopkit_weibo_ticket"


def callback_url(request: HttpRequest) -> str:
    return storefront_url(request, "shopkit_accounts:weibo_callback")


def failed(request: HttpRequest, error: ShopkitError) -> HttpResponse:
    messages.error(request, _(error.message))
    return redirect("shopkit_accounts:login")


def start(request: HttpRequest) -> HttpResponse:
    state = weibo.make_state()
    try:
        url = WeiboOAuth2().authorization_url(callback_url(request), state)
    except ShopkitError as error:
        return failed(request, error)
    request.session[STATE_KEY] = state
    return redirect(url)


def log_in(request: HttpRequest, user: AbstractBaseUser) -> HttpResponse:
    try:
        services.check_login_permitted(user, session=True)
    except ShopkitError as error:
        return failed(request, error)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    services.merge_offline_cart(request, user, ())
    return redirect("shopkit_accounts:profile")


def callback(request: HttpRequest) -> HttpResponse:
    expected = request.session.pop(STATE_KEY, "")
    if not expected or not constant_time_compare(expected, request.GET.get("state", "")):
        return failed(request, ShopkitError(ErrorCode.USERS_WEIBO_UNAVAILABLE))
    try:
        user = weibo.user_for_code(request.GET.get("code", ""), callback_url(request))
    except ShopkitError as error:
        if error.code != ErrorCode.WEIBO_NOT_BOUND:
            return failed(request, error)
        request.session[TICKET_KEY] = error.data["uid"]
        return redirect("shopkit_accounts:weibo_bind")
    return log_in(request, user)


def bind(request: HttpRequest) -> HttpResponse:
    ticket = request.session.get(TICKET_KEY)
    if not ticket:
        return redirect("shopkit_accounts:login")
    form = WeiboBindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = weibo.bind(
                request,
                ticket,
                **form.account_fields(),
                activation_url=activation_url(request, api=False),
            )
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            del request.session[TICKET_KEY]
            messages.success(request, _("Your Weibo account is bound."))
            return log_in(request, user)
    return render(request, "shopkit/accounts/weibo_bind.html", {"form": form})
