"""Registration, activation, login (password or SMS code), logout, binding a phone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shopkit.accounts import phone_login, services
from shopkit.accounts.links import activation_url
from shopkit.accounts.login_providers.registry import get_login_providers
from shopkit.accounts.models import Shopper
from shopkit.accounts.sms.codes import CodePurpose, active_code_provider, send_sms_code
from shopkit.accounts.throttle import client_ip
from shopkit.conf import app_settings
from shopkit.core.envelope import failure, json_envelope, success
from shopkit.core.exceptions import ShopkitError
from shopkit.storefront.forms.accounts import (
    EmailForm,
    LoginForm,
    PhoneCodeForm,
    RegisterForm,
    add_service_error,
)
from shopkit.storefront.views import LOGIN_URL, wants_json

#: The cookie that remembers the username on the login page.
REMEMBER_COOKIE = "shopkit_username"
REMEMBER_DAYS = 14


def send_code(
    request: HttpRequest, purpose: CodePurpose = CodePurpose.REGISTER
) -> HttpResponse | None:
    """Text a ``purpose`` code to the phone typed on the page (register, SMS
    login, binding). The page's script asks for JSON and keeps the form as it
    is; without the script the page is shown again with what was typed
    (passwords are never sent back)."""
    try:
        send_sms_code(request.POST.get("phone", ""), client_ip(request), purpose)
    except ShopkitError as error:
        if wants_json(request):
            return json_envelope(failure(error.code, _(error.message)))
        messages.error(request, _(error.message))
    else:
        sent = _("An SMS code was sent to your phone.")
        if wants_json(request):
            return json_envelope(success(message=sent))
        messages.info(request, sent)
    return None


def register(request: HttpRequest) -> HttpResponse:
    # The code field and its button only where a provider can send codes.
    sms = active_code_provider() is not None
    if request.method == "POST" and "send_code" in request.POST and sms:
        # Sending a code needs the phone only: redisplay what was typed, unvalidated.
        form = RegisterForm(initial=request.POST.dict(), sms=sms)
        answer = send_code(request)
        if answer is not None:
            return answer
    else:
        form = RegisterForm(request.POST or None, sms=sms)
        if request.method == "POST" and form.is_valid():
            try:
                user = services.register_shopper(
                    form.new_account(), activation_url(request, api=False)
                )
            except ShopkitError as error:
                add_service_error(form, error)
            else:
                return render(request, "shopkit/accounts/registered.html", {"new_user": user})
    context = {
        "form": form,
        "sms": sms,
        "require_sms": app_settings.REGISTER_REQUIRE_SMS,
        "code_interval": app_settings.SMS_CODE_INTERVAL,
    }
    return render(request, "shopkit/accounts/register.html", context)


def activate(request: HttpRequest, code: str) -> HttpResponse:
    try:
        user = services.activate(code)
    except ShopkitError as error:
        context = {"error": _(error.message), "form": EmailForm()}
        return render(request, "shopkit/accounts/activation_failed.html", context)
    return render(request, "shopkit/accounts/activated.html", {"activated_user": user})


def resend_activation(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resend_activation(
                form.cleaned_data["email"], activation_url(request, api=False)
            )
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            messages.info(
                request, _("If the address waits for activation, a new link is on its way.")
            )
            return redirect("shopkit_accounts:login")
    return render(request, "shopkit/accounts/resend_activation.html", {"form": form})


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it stays on this site, else the user centre."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("shopkit_accounts:profile")


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    remembered = request.COOKIES.get(REMEMBER_COOKIE, "")
    form = LoginForm(
        request.POST or None, initial={"username": remembered, "remember": bool(remembered)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.authenticate_shopper(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
            services.log_in_session(request, user)
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            response = HttpResponseRedirect(safe_next(request, next_url))
            if form.cleaned_data["remember"]:
                response.set_cookie(
                    REMEMBER_COOKIE,
                    user.get_username(),
                    max_age=REMEMBER_DAYS * 86400,
                    httponly=True,
                    samesite="Lax",
                )
            else:
                response.delete_cookie(REMEMBER_COOKIE)
            return response
    context = {
        "form": form,
        "next": next_url,
        "login_providers": list(get_login_providers().values()),
        "sms_login": active_code_provider() is not None,
    }
    return render(request, "shopkit/accounts/login.html", context)


def phone_code_form(
    request: HttpRequest, purpose: CodePurpose
) -> tuple[PhoneCodeForm, HttpResponse | None]:
    """The phone-and-code form of the SMS login and binding pages, and the
    answer to give at once when the post only asked for a code."""
    if active_code_provider() is None:
        raise Http404("No SMS provider can send codes.")
    if request.method == "POST" and "send_code" in request.POST:
        # Sending a code needs the phone only: redisplay what was typed, unvalidated.
        return PhoneCodeForm(initial=request.POST.dict()), send_code(request, purpose)
    return PhoneCodeForm(request.POST or None), None


def login_sms(request: HttpRequest) -> HttpResponse:
    """Log in with a phone and a texted code; a number no account proved opens one."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form, answer = phone_code_form(request, CodePurpose.LOGIN)
    if answer is not None:
        return answer
    if form.is_valid():  # unbound when the post only asked for a code
        data = form.cleaned_data
        try:
            signed_in = phone_login.user_for_phone_code(request, data["phone"], data["sms_code"])
            services.log_in_session(request, signed_in.user)
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            if signed_in.created:
                messages.success(
                    request,
                    _(
                        "Welcome! An account named %(name)s was created for %(phone)s. "
                        "Set a password in your account to log in with it too."
                    )
                    % {"name": signed_in.user.get_username(), "phone": data["phone"]},
                )
            return HttpResponseRedirect(safe_next(request, next_url))
    context = {"form": form, "next": next_url, "code_interval": app_settings.SMS_CODE_INTERVAL}
    return render(request, "shopkit/accounts/login_sms.html", context)


@login_required(login_url=LOGIN_URL)
def phone_bind(request: HttpRequest) -> HttpResponse:
    """Bind (or re-prove) the signed-in shopper's mobile number with a texted code."""
    form, answer = phone_code_form(request, CodePurpose.BIND)
    if answer is not None:
        return answer
    if form.is_valid():  # unbound when the post only asked for a code
        data = form.cleaned_data
        try:
            phone = phone_login.bind_phone(request, request.user, data["phone"], data["sms_code"])
        except ShopkitError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Your mobile number %(phone)s is bound.") % {"phone": phone}
            )
            return redirect("shopkit_accounts:profile")
    context = {
        "form": form,
        "shopper": Shopper.objects.filter(user=request.user).first(),
        "code_interval": app_settings.SMS_CODE_INTERVAL,
        "centre_tab": "profile",
    }
    return render(request, "shopkit/accounts/phone.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("shopkit_storefront:index")
