"""Checking shopper input: each function returns the cleaned value or raises
``ShopkitError`` with the users module's code for that field."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

USERNAME_RE = re.compile(r"^[A-Za-z0-9_-]{5,20}$")
#: Mainland China mobile numbers: 11 digits, 13x–19x.
PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
POSTCODE_RE = re.compile(r"^\d{6}$")


def clean_username(value: str) -> str:
    """5–20 letters, digits, ``_`` or ``-``, not all digits (those look like phones)."""
    value = (value or "").strip()
    if not USERNAME_RE.match(value) or value.isdigit():
        raise ShopkitError(
            ErrorCode.USERS_USERNAME_INVALID,
            _("Use 5 to 20 letters, digits, _ or -, not only digits."),
        )
    return value


def clean_email(value: str) -> str:
    value = (value or "").strip()
    try:
        validate_email(value)
    except ValidationError:
        raise ShopkitError(
            ErrorCode.USERS_EMAIL_INVALID, _("Enter a valid email address.")
        ) from None
    local, _at, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if not PHONE_RE.match(value):
        raise ShopkitError(
            ErrorCode.USERS_PHONE_INVALID, _("Enter an 11-digit mainland mobile number.")
        )
    return value


def clean_new_password(
    password: str, confirmation: str | None = None, user: AbstractBaseUser | None = None
) -> str:
    """Run Django's ``AUTH_PASSWORD_VALIDATORS``; the messages become the error."""
    password = password or ""
    if confirmation is not None and password != confirmation:
        raise ShopkitError(ErrorCode.USERS_PASSWORDS_DIFFER, _("The two passwords differ."))
    if len(password) > 128:
        raise ShopkitError(ErrorCode.USERS_PASSWORD_INVALID, _("The password is too long."))
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ShopkitError(ErrorCode.USERS_PASSWORD_INVALID, " ".join(exc.messages)) from None
    return password


def username_taken(username: str) -> bool:
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    return user_model._default_manager.filter(**{f"{field}__iexact": username}).exists()


def email_taken(email: str) -> bool:
    return user_by_email(email) is not None


def canonical_user(username: str) -> AbstractBaseUser | None:
    """The user whose name equals ``username`` ignoring case."""
    user_model = get_user_model()
    field = user_model.USERNAME_FIELD
    return user_model._default_manager.filter(**{f"{field}__iexact": username.strip()}).first()


def user_by_email(email: str) -> AbstractBaseUser | None:
    """The (oldest) user with the address ``email``, ignoring case."""
    user_model = get_user_model()
    field = user_model.get_email_field_name()
    return user_model._default_manager.filter(**{f"{field}__iexact": email}).order_by("pk").first()
