"""Changing a password, and resetting a forgotten one with a mailed code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shopkit.accounts import services
from shopkit.core.exceptions import ShopkitError
from shopkit.storefront.forms.accounts import (
    ChangePasswordForm,
    CodeForm,
    EmailForm,
    NewPasswordForm,
    add_service_error,
)
from shopkit.storefront.views import LOGIN_URL

#: Session key holding the address whose reset is in progress.
RESET_EMAIL_KEY = "shopkit_reset_email"


@login_required(login_url=LOGIN_URL)
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                request.user,
                form.cleaned_data["old_password"],
                form.cleaned_data["password1"],
                form.cleaned_data["password2"],
            )
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Password changed."))
            return redirect("shopkit_accounts:profile")
    context = {"form": form, "centre_tab": "password"}
    return render(request, "shopkit/accounts/password_change.html", context)


def reset_request(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_reset_code(form.cleaned_data["email"])
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            request.session[RESET_EMAIL_KEY] = form.cleaned_data["email"]
            messages.info(request, _("If the address belongs to an account, a code is on its way."))
            return redirect("shopkit_accounts:password_reset_verify")
    return render(request, "shopkit/accounts/password_reset.html", {"form": form})


def reset_verify(request: HttpRequest) -> HttpResponse:
    email = request.session.get(RESET_EMAIL_KEY)
    if not email:
        return redirect("shopkit_accounts:password_reset")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify_reset_code(email, form.cleaned_data["code"])
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            return redirect("shopkit_accounts:password_reset_new")
    context = {"form": form, "email": email}
    return render(request, "shopkit/accounts/password_reset_verify.html", context)


def reset_new(request: HttpRequest) -> HttpResponse:
    email = request.session.get(RESET_EMAIL_KEY)
    if not email:
        return redirect("shopkit_accounts:password_reset")
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password(
                email, form.cleaned_data["password1"], form.cleaned_data["password2"]
            )
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            del request.session[RESET_EMAIL_KEY]
            messages.success(request, _("Password changed, please log in."))
            return redirect("shopkit_accounts:login")
    return render(request, "shopkit/accounts/password_reset_new.html", {"form": form})
