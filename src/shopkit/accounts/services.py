"""Shopper accounts: registration, activation, login, passwords.

Callable without HTTP; every refusal is a ``ShopkitError`` with a users
code. The storefront and the API both call these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from shopkit.accounts import onetime
from shopkit.accounts.links import ActivationUrl
from shopkit.accounts.models import Shopper
from shopkit.accounts.sms.codes import consume_sms_code, sms_code_matches
from shopkit.accounts.throttle import claim_login_attempt, clear_login_failures, client_ip
from shopkit.accounts.validation import (
    canonical_user,
    clean_email,
    clean_new_password,
    clean_phone,
    clean_username,
    email_taken,
    user_by_email,
    username_taken,
)
from shopkit.cart import services as cart_services
from shopkit.conf import app_settings
from shopkit.core import outbox
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.tasks import send_email
from shopkit.core.tokens import issue_token
from shopkit.plugins import fire_event

ACTIVATION_SALT = "shopkit.accounts.activation"
RESET_PURPOSE = "reset"


# --- registration and activation ---------------------------------------------


@dataclass(frozen=True)
class NewAccount:
    """What a shopper types to open an account: on the register page or API call,
    or when binding a login provider's account to a new username.

    ``sms_code`` is the code texted to ``phone``; it may be left out unless
    ``SHOPKIT_REGISTER_REQUIRE_SMS`` is on.
    """

    username: str
    password: str
    email: str
    phone: str
    sms_code: str | None = None


def register_shopper(account: NewAccount, activation_url: ActivationUrl) -> AbstractBaseUser:
    """Create an account, queue its activation mail and fire ``shopkit_user_registered``.

    Every field is checked before anything is written; the SMS code is used
    up only when the account is created, and marks the number proved. A
    number another account holds, proved or not, is ``USERS_PHONE_TAKEN``.
    """
    username = clean_username(account.username)
    email = clean_email(account.email)
    phone = clean_phone(account.phone)
    password, sms_code = account.password, account.sms_code
    check_sms = app_settings.REGISTER_REQUIRE_SMS or bool(sms_code)
    if check_sms and not sms_code_matches(phone, sms_code or ""):
        raise ShopkitError(ErrorCode.USERS_SMS_CODE_INVALID)
    if username_taken(username):
        raise ShopkitError(ErrorCode.USERS_USERNAME_TAKEN)
    if email_taken(email):
        raise ShopkitError(ErrorCode.USERS_EMAIL_TAKEN)
    if Shopper.objects.filter(phone=phone).exists():
        raise ShopkitError(ErrorCode.USERS_PHONE_TAKEN)
    user_model = get_user_model()
    clean_new_password(
        password,
        user=user_model(
            **{user_model.USERNAME_FIELD: username, user_model.get_email_field_name(): email}
        ),
    )
    try:
        with transaction.atomic():
            user = user_model._default_manager.create_user(
                **{
                    user_model.USERNAME_FIELD: username,
                    user_model.get_email_field_name(): email,
                    "password": password,
                }
            )
            # Only a code proves the number; SMS sign-in opens no account by
            # an unproved one (shopkit.accounts.phone_login).
            Shopper.objects.create(
                user=user, phone=phone, phone_verified_at=timezone.now() if check_sms else None
            )
            if check_sms and not consume_sms_code(phone, sms_code or ""):
                raise ShopkitError(ErrorCode.USERS_SMS_CODE_INVALID)
            # Recorded with the account: committed together or not at all.
            queue_activation_email(user, activation_url)
    except IntegrityError:
        # Lost a race with a registration of the same name or phone.
        taken = username_taken(username)
        raise ShopkitError(
            ErrorCode.USERS_USERNAME_TAKEN if taken else ErrorCode.USERS_PHONE_TAKEN
        ) from None
    fire_event("shopkit_user_registered", user=user)
    return user


def user_email(user: AbstractBaseUser) -> str:
    return getattr(user, user.get_email_field_name(), "") or ""


def make_activation_code(user: AbstractBaseUser) -> str:
    """A signed, timestamped code naming the user and the address it confirms."""
    signer = signing.TimestampSigner(salt=ACTIVATION_SALT)
    return signer.sign_object({"u": user.pk, "e": user_email(user).lower()})


def queue_activation_email(user: AbstractBaseUser, activation_url: ActivationUrl) -> None:
    """Mail the activation link through the outbox: recorded in the current
    transaction, sent by Celery once it commits (or once the broker is back)."""
    link = activation_url(make_activation_code(user))
    context = {
        "user": user,
        "link": link,
        "days": max(1, app_settings.ACTIVATION_MAX_AGE // 86400),
    }
    subject = render_to_string("shopkit/accounts/email/activation_subject.txt", context).strip()
    body = render_to_string("shopkit/accounts/email/activation.txt", context)
    recipients = [user_email(user)]
    outbox.enqueue(send_email, subject, body, recipients)


def activate(code: str) -> AbstractBaseUser:
    """Activate the account ``code`` was made for. Activating again changes
    nothing; the first activation fires ``shopkit_user_activated`` after commit."""
    signer = signing.TimestampSigner(salt=ACTIVATION_SALT)
    try:
        payload = signer.unsign_object(code or "", max_age=app_settings.ACTIVATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ShopkitError(ErrorCode.USERS_ACTIVATION_EXPIRED) from None
    except signing.BadSignature:
        raise ShopkitError(ErrorCode.USERS_ACTIVATION_INVALID) from None
    user = get_user_model()._default_manager.filter(pk=payload.get("u")).first()
    # A link mailed to an earlier address must not confirm the current one.
    if user is None or user_email(user).lower() != payload.get("e"):
        raise ShopkitError(ErrorCode.USERS_ACTIVATION_INVALID)
    shopper, _created = Shopper.objects.get_or_create(user=user)
    activated = Shopper.objects.filter(pk=shopper.pk, activated_at__isnull=True).update(
        activated_at=timezone.now()
    )
    if activated:
        fire_event("shopkit_user_activated", user=user)
    return user


def resend_activation(email: str, activation_url: ActivationUrl) -> None:
    """Mail a new link if ``email`` belongs to an account still waiting for one.

    Answers the same whether or not it does, so it reveals no accounts.
    """
    email = clean_email(email)
    onetime.claim_interval("activation", email.lower(), app_settings.SMS_CODE_INTERVAL)
    user = user_by_email(email)
    if user is not None and not is_activated(user):
        queue_activation_email(user, activation_url)


def is_activated(user: AbstractBaseUser) -> bool:
    shopper = Shopper.objects.filter(user=user).first()
    return shopper is None or shopper.is_activated


# --- login -------------------------------------------------------------------


def check_login_permitted(user: AbstractBaseUser, *, session: bool) -> None:
    """``USERS_NOT_ACTIVATED`` if this kind of login waits for activation."""
    required = (
        app_settings.SESSION_LOGIN_REQUIRES_ACTIVATION
        if session
        else app_settings.TOKEN_LOGIN_REQUIRES_ACTIVATION
    )
    if required and not is_activated(user):
        raise ShopkitError(ErrorCode.USERS_NOT_ACTIVATED)


def authenticate_shopper(
    request: HttpRequest | None, username: str, password: str
) -> AbstractBaseUser:
    """The user ``username`` (any case) and ``password`` identify.

    Unknown names and wrong passwords get the same answer; failures are
    rate-limited per name and per client address. Callers then ask
    ``check_login_permitted`` whether this kind of login may proceed.
    """
    username = (username or "").strip()[:150]
    ip = client_ip(request)
    claim_login_attempt(username, ip)
    user = canonical_user(username) if username else None
    name = user.get_username() if user is not None else username
    authenticated = authenticate(request, username=name, password=password or "")
    if authenticated is None:
        raise ShopkitError(ErrorCode.USERS_LOGIN_FAILED)
    clear_login_failures(username, ip)
    return authenticated


@dataclass(frozen=True)
class OfflineCartLine:
    """One line of the cart an anonymous shopper kept in the browser."""

    sku_id: int
    count: int


@dataclass(frozen=True)
class TokenLogin:
    """What an API login hands back: the token and the cart's line count after the merge."""

    token: str
    cart_count: int


def log_in_session(request: HttpRequest, user: AbstractBaseUser) -> int:
    """Start a storefront session for ``user`` and merge the anonymous cart into theirs.

    Every session login (the login form, a login provider, binding one) goes
    through here, so each merges the cart the same way. Raises
    ``USERS_NOT_ACTIVATED`` first if session login waits for activation.
    Returns the user's cart line count after the merge.
    """
    check_login_permitted(user, session=True)
    # A user from authenticate() names its backend; one found another way
    # (a login provider's binding) logs in through the first configured one.
    backend = getattr(user, "backend", None) or settings.AUTHENTICATION_BACKENDS[0]
    login(request, user, backend=backend)
    return merge_offline_cart(request, user, ())


def log_in_with_token(
    request: HttpRequest | None, user: AbstractBaseUser, lines: Sequence[OfflineCartLine] = ()
) -> TokenLogin:
    """Issue an API token for ``user`` and merge the carts the client kept.

    Every token login (``POST /v1/tokens``, a login provider, binding one)
    goes through here. ``lines`` is the offline cart the browser sent, if
    any. Raises ``USERS_NOT_ACTIVATED`` if token login waits for activation.
    """
    token = login_token(user)
    return TokenLogin(token, merge_offline_cart(request, user, lines))


def login_token(user: AbstractBaseUser) -> str:
    """An API token for ``user`` (no cart merge), unless token login waits for activation."""
    check_login_permitted(user, session=False)
    return issue_token(user)


def merge_offline_cart(
    request: HttpRequest | None, user: AbstractBaseUser, lines: Sequence[OfflineCartLine]
) -> int:
    """Merge the shopper's anonymous carts into ``user``'s cart; return its line count.

    The login services call it (views never do): :func:`log_in_session`
    passes no ``lines``, and the anonymous cart kept in the request's cookie is
    merged (then emptied); :func:`log_in_with_token` also passes the offline
    cart the browser sent. The rule is the cart's: count = max of the two,
    capped by stock, selected (see
    :func:`shopkit.cart.services.merge_session_cart`).
    """
    if request is not None:
        cart_services.merge_session_cart(request, user)
    return cart_services.merge_offline_cart(
        user, [(line.sku_id, line.count) for line in lines], request
    )


# --- passwords ---------------------------------------------------------------


def change_password(
    user: AbstractBaseUser, old_password: str, password1: str, password2: str
) -> None:
    """Set a new password after checking the old one (wrong guesses are rate-limited);
    ``shopkit_password_changed`` fires after commit.

    An account that has no usable password (one opened by SMS sign-in) sets
    its first one here with no old password to check.
    """
    if user.has_usable_password():
        name = user.get_username()
        claim_login_attempt(name, None)
        if not user.check_password(old_password or ""):
            raise ShopkitError(ErrorCode.USERS_OLD_PASSWORD_WRONG)
        clear_login_failures(name)
    user.set_password(clean_new_password(password1, password2, user))
    user.save(update_fields=["password"])
    fire_event("shopkit_password_changed", user=user, how="change")


def send_reset_code(email: str) -> None:
    """Mail a reset code if ``email`` belongs to an account; answer the same if not."""
    email = clean_email(email)
    key = email.lower()
    onetime.claim_interval(RESET_PURPOSE, key, app_settings.SMS_CODE_INTERVAL)
    user = user_by_email(email)
    if user is None:
        return
    code = onetime.issue_code(RESET_PURPOSE, key, app_settings.RESET_CODE_TIMEOUT)
    context = {"user": user, "code": code, "minutes": app_settings.RESET_CODE_TIMEOUT // 60}
    subject = render_to_string("shopkit/accounts/email/reset_subject.txt", context).strip()
    body = render_to_string("shopkit/accounts/email/reset.txt", context)
    outbox.enqueue(send_email, subject, body, [user_email(user)])


def verify_reset_code(email: str, code: str) -> str:
    """Use up the mailed code; the address may then set a new password once."""
    email = clean_email(email)
    if not onetime.consume_code(RESET_PURPOSE, email.lower(), code):
        raise ShopkitError(ErrorCode.USERS_RESET_CODE_INVALID)
    onetime.grant(RESET_PURPOSE, email.lower(), app_settings.RESET_CODE_TIMEOUT)
    return email


def reset_password(email: str, password1: str, password2: str) -> AbstractBaseUser:
    """Set the password of the account whose reset code was just verified, once
    per verified code; ``shopkit_password_changed`` fires after commit."""
    email = clean_email(email)
    user = user_by_email(email)
    if user is None or not onetime.is_granted(RESET_PURPOSE, email.lower()):
        raise ShopkitError(ErrorCode.USERS_RESET_NOT_VERIFIED)
    password = clean_new_password(password1, password2, user)
    if not onetime.take_grant(RESET_PURPOSE, email.lower()):
        raise ShopkitError(ErrorCode.USERS_RESET_NOT_VERIFIED)
    user.set_password(password)
    user.save(update_fields=["password"])
    clear_login_failures(user.get_username())
    fire_event("shopkit_password_changed", user=user, how="reset")
    return user
