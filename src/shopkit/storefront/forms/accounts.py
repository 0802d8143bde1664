"""The account pages' forms. They only shape and redisplay input: the rules
live in the services, whose ``ShopkitError`` lands on the field it concerns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shopkit.accounts.services import NewAccount
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

#: The form fields a service error may belong to, first match wins; errors
#: without one are shown above the form.
ERROR_FIELDS: dict[ErrorCode, tuple[str, ...]] = {
    ErrorCode.USERS_USERNAME_INVALID: ("username",),
    ErrorCode.USERS_USERNAME_TAKEN: ("username",),
    ErrorCode.USERS_PASSWORD_INVALID: ("password", "password1"),
    ErrorCode.USERS_PASSWORDS_DIFFER: ("password2",),
    ErrorCode.USERS_EMAIL_INVALID: ("email",),
    ErrorCode.USERS_EMAIL_TAKEN: ("email",),
    ErrorCode.USERS_PHONE_INVALID: ("phone", "receiver_mobile"),
    ErrorCode.USERS_PHONE_TAKEN: ("phone",),
    ErrorCode.USERS_PHONE_ACCOUNT_DISABLED: ("phone",),
    ErrorCode.USERS_SMS_CODE_INVALID: ("sms_code",),
    ErrorCode.USERS_OLD_PASSWORD_WRONG: ("old_password",),
    ErrorCode.USERS_RESET_CODE_INVALID: ("code",),
}


def add_service_error(form: forms.Form, error: ShopkitError) -> None:
    """Show ``error`` on its field if the form has it, else above the form."""
    candidates = ERROR_FIELDS.get(error.code, ())
    field = next((name for name in candidates if name in form.fields), None)
    form.add_error(field, gettext(error.message))


def password_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=128, widget=forms.PasswordInput, strip=False)


class AccountFieldsMixin:
    """Forms whose answers open an account (``register_shopper``, binding)."""

    def new_account(self) -> NewAccount:
        data = self.cleaned_data  # type: ignore[attr-defined]
        return NewAccount(
            username=data["username"],
            password=data["password"],
            email=data["email"],
            phone=data["phone"],
            sms_code=data.get("sms_code") or None,
        )


class RegisterForm(AccountFieldsMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=20)
    password = password_field(_("Password"))
    password2 = password_field(_("Confirm password"))
    email = forms.CharField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Mobile phone"), max_length=11)
    sms_code = forms.CharField(label=_("SMS code"), max_length=6, required=False)

    def __init__(self, *args: Any, sms: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sms:  # no provider can send a code, so none can be typed
            del self.fields["sms_code"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password") != data.get("password2"):
            self.add_error("password2", gettext(ErrorCode.USERS_PASSWORDS_DIFFER.message))
        return data


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = password_field(_("Password"))
    remember = forms.BooleanField(label=_("Remember my username"), required=False)


class EmailForm(forms.Form):
    email = forms.CharField(label=_("Email"), max_length=254)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from the email"), max_length=6)


class NewPasswordForm(forms.Form):
    password1 = password_field(_("New password"))
    password2 = password_field(_("Confirm new password"))


class ChangePasswordForm(NewPasswordForm):
    # May stay empty: an account opened by SMS sign-in has no password yet
    # (the service still checks it for every account that has one).
    old_password = forms.CharField(
        label=_("Current password"),
        max_length=128,
        widget=forms.PasswordInput,
        strip=False,
        required=False,
    )

    field_order = ["old_password", "password1", "password2"]


class ProviderBindForm(AccountFieldsMixin, forms.Form):
    """Binds a login provider's account to an existing or a new shop account."""

    username = forms.CharField(
        label=_("Username"),
        max_length=20,
        help_text=_("An existing username binds that account; a new one creates an account."),
    )
    password = password_field(_("Password"))
    email = forms.CharField(label=_("Email (new accounts)"), max_length=254, required=False)
    phone = forms.CharField(label=_("Mobile phone (new accounts)"), max_length=11, required=False)
    sms_code = forms.CharField(label=_("SMS code"), max_length=6, required=False)


class PhoneCodeForm(forms.Form):
    """A mobile number and the code texted to it: SMS sign-in and binding a number."""

    phone = forms.CharField(label=_("Mobile phone"), max_length=11)
    sms_code = forms.CharField(label=_("SMS code"), max_length=6)
