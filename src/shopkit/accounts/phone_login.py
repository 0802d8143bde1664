"""Signing in with a mobile number and an SMS code, and binding a number to an account.

The flow: the shopper asks for a code (``send_sms_code`` with
``CodePurpose.LOGIN``, answered the same whether or not the number has an
account), then sends it back
(:func:`user_for_phone_code`). The account that proved the number signs in;
otherwise the prover gets a new account (generated username, no usable
password, the number proved by the code) and :class:`PhoneSignIn` says so, so
the page can tell the shopper and point them to setting a password. A
signed-in shopper binds a number the same way (a ``CodePurpose.BIND`` code,
then :func:`bind_phone`); whether another account has the number is told only
to whoever sent back the code that proves they hold it. The number lives in
:class:`~shopkit.accounts.models.Shopper` and is unique there, so at most one
account ever claims it.

Only a proved number (``Shopper.phone_verified_at``) opens or keeps its
account. Registration may take a number without a code
(``SHOPKIT_REGISTER_REQUIRE_SMS`` off): anyone could have typed it, so a
right sign-in or binding code takes it off that account, in the transaction
that gives it to the prover. Otherwise whoever registered a stranger's
number would later receive that stranger's SMS sign-ins.

Codes are purpose-bound (:class:`~shopkit.accounts.sms.codes.CodePurpose`),
expire, are used up by the first right answer and burned after
``SHOPKIT_CODE_MAX_ATTEMPTS`` wrong ones. Sending is limited per number and
per client address (``SHOPKIT_SMS_CODE_INTERVAL``, ``SHOPKIT_SMS_CODE_IP_LIMIT``);
guessing counts against the login throttle, per number and per address, like
wrong passwords.
"""

from __future__ import annotations

import logging
import secrets
import string
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from shopkit.accounts.models import Shopper
from shopkit.accounts.sms.codes import CodePurpose, consume_sms_code
from shopkit.accounts.throttle import claim_login_attempt, clear_login_failures, client_ip
from shopkit.accounts.validation import clean_phone, username_taken
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.plugins import fire_event

logger = logging.getLogger(__name__)

#: Generated usernames: this prefix and random letters and digits, so never all
#: digits (``clean_username``'s rule) and within its 20 characters.
USERNAME_PREFIX = "m"
USERNAME_RANDOM_LENGTH = 11
USERNAME_TRIES = 5
#: Looks at who holds a number before giving up on racing requests that keep
#: changing it.
CLAIM_TRIES = 3


@dataclass(frozen=True)
class PhoneSignIn:
    """Who a right code signs in, and whether their account was just created."""

    user: AbstractBaseUser
    created: bool


def check_phone_code(
    request: HttpRequest | None, phone: str, code: str, purpose: CodePurpose
) -> str:
    """Use up ``code`` for ``phone`` and ``purpose``; the cleaned number.

    Each try counts against the login throttle under the number and the
    client's address (``USERS_LOGIN_LOCKED`` past it); ``USERS_SMS_CODE_INVALID``
    for a wrong, expired, used or other-purpose code.
    """
    phone = clean_phone(phone)
    throttle_name, ip = f"sms:{phone}", client_ip(request)
    claim_login_attempt(throttle_name, ip)
    if not consume_sms_code(phone, (code or "").strip(), purpose):
        raise ShopkitError(ErrorCode.USERS_SMS_CODE_INVALID)
    clear_login_failures(throttle_name, ip)
    return phone


def user_for_phone_code(request: HttpRequest | None, phone: str, code: str) -> PhoneSignIn:
    """The account a right sign-in ``code`` for ``phone`` opens.

    The account that proved the number signs in. A number no account has, or
    one an account holds unproved, gets a new account; the unproved one loses
    the number in the same transaction and keeps everything else.
    ``USERS_PHONE_ACCOUNT_DISABLED`` if the number's proved account is
    deactivated. The caller logs the user in (``log_in_session`` /
    ``log_in_with_token``), which also merges the anonymous cart and applies
    the activation rules.
    """
    phone = check_phone_code(request, phone, code, CodePurpose.LOGIN)
    for _try in range(CLAIM_TRIES):
        holder = phone_holder(phone)
        if holder is not None and holder.phone_verified:
            if not holder.user.is_active:
                raise ShopkitError(ErrorCode.USERS_PHONE_ACCOUNT_DISABLED)
            return PhoneSignIn(holder.user, created=False)
        try:
            with transaction.atomic():
                if holder is None or release_unproved(holder):
                    return PhoneSignIn(create_phone_account(phone), created=True)
        except IntegrityError:
            pass  # a racing request gave the number to an account first
        # The holder changed meanwhile: look again.
    raise ShopkitError(ErrorCode.SERVER_ERROR)


def phone_holder(phone: str) -> Shopper | None:
    """The shopper row holding ``phone``, with its user."""
    return Shopper.objects.select_related("user").filter(phone=phone).first()


def release_unproved(holder: Shopper) -> bool:
    """Take the number off ``holder`` unless it was proved or moved since it
    was read; whether it was. Call inside the transaction that gives the
    number to the shopper who proved it."""
    released = Shopper.objects.filter(
        pk=holder.pk, phone=holder.phone, phone_verified_at__isnull=True
    ).update(phone=None)
    if released:
        logger.info("User %s lost a number it never proved to whoever proved it", holder.user_id)
    return bool(released)


def generated_username() -> str:
    alphabet = string.ascii_lowercase + string.digits
    tail = "".join(secrets.choice(alphabet) for _ in range(USERNAME_RANDOM_LENGTH))
    return USERNAME_PREFIX + tail


def create_phone_account(phone: str) -> AbstractBaseUser:
    """A new account for ``phone``: generated username, no email, no usable
    password, active at once, the number proved (by the code). Fires
    ``shopkit_user_registered`` after commit. ``IntegrityError`` if another
    account took the number meanwhile."""
    user_model = get_user_model()
    for _try in range(USERNAME_TRIES):
        username = generated_username()
        if username_taken(username):
            continue
        try:
            with transaction.atomic():
                user = user_model._default_manager.create_user(
                    **{
                        user_model.USERNAME_FIELD: username,
                        user_model.get_email_field_name(): "",
                        "password": None,  # unusable: set one later with the change form
                    }
                )
                now = timezone.now()
                Shopper.objects.create(
                    user=user, phone=phone, activated_at=now, phone_verified_at=now
                )
        except IntegrityError:
            if Shopper.objects.filter(phone=phone).exists():
                raise
            continue  # the generated name was taken meanwhile
        fire_event("shopkit_user_registered", user=user)
        return user
    raise ShopkitError(ErrorCode.SERVER_ERROR)


def bind_phone(request: HttpRequest | None, user: AbstractBaseUser, phone: str, code: str) -> str:
    """Give ``user`` the number a right binding ``code`` proves, proved; the number.

    Replaces the number the account had (binding the account's own number
    again proves it). ``USERS_PHONE_TAKEN`` if another account proved the
    number; one that holds it unproved loses it in the same transaction.
    """
    phone = check_phone_code(request, phone, code, CodePurpose.BIND)
    for _try in range(CLAIM_TRIES):
        holder = phone_holder(phone)
        if holder is not None and holder.user_id == user.pk:
            holder = None  # the account's own number: binding it again proves it
        if holder is not None and holder.phone_verified:
            raise ShopkitError(ErrorCode.USERS_PHONE_TAKEN)
        try:
            with transaction.atomic():
                if holder is None or release_unproved(holder):
                    now = timezone.now()
                    # Users without a shopper row count as activated: keep them so.
                    shopper, _created = Shopper.objects.get_or_create(
                        user=user, defaults={"activated_at": now}
                    )
                    Shopper.objects.filter(pk=shopper.pk).update(phone=phone, phone_verified_at=now)
                    return phone
        except IntegrityError:
            pass  # a racing request gave the number to an account first
        # The holder changed meanwhile: look again.
    raise ShopkitError(ErrorCode.USERS_PHONE_TAKEN)
