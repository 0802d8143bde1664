"""Weibo login: a Weibo account id logs in its bound shopper, or gets a
binding ticket to attach it to a new or an existing account.

The ``uid`` handed to the client when the account is not bound is a signed,
expiring ticket, never the raw Weibo id: a client cannot bind a Weibo account
it did not just log in with.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from shopkit.accounts.links import ActivationUrl
from shopkit.accounts.models import OAuthBinding
from shopkit.accounts.services import authenticate_shopper, register_shopper
from shopkit.accounts.validation import canonical_user
from shopkit.contrib.weibo.provider import WeiboOAuth2
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

PROVIDER = WeiboOAuth2.name
TICKET_SALT = "shopkit.contrib.weibo.bind"
#: Seconds a shopper has to finish binding after logging in with Weibo.
TICKET_MAX_AGE = 15 * 60
STATE_SALT = "shopkit.contrib.weibo.state"


def make_state() -> str:
    """A signed ``state`` for the authorisation URL (checked by ``check_state``)."""
    return signing.TimestampSigner(salt=STATE_SALT).sign(secrets.token_urlsafe(12))


def check_state(state: str) -> None:
    try:
        signing.TimestampSigner(salt=STATE_SALT).unsign(state or "", max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        raise ShopkitError(ErrorCode.USERS_WEIBO_UNAVAILABLE, "Invalid Weibo login state") from None


def make_ticket(uid: str) -> str:
    return signing.TimestampSigner(salt=TICKET_SALT).sign(uid)


def read_ticket(ticket: str) -> str:
    try:
        return signing.TimestampSigner(salt=TICKET_SALT).unsign(
            ticket or "", max_age=TICKET_MAX_AGE
        )
    except signing.BadSignature:
        raise ShopkitError(ErrorCode.USERS_WEIBO_TICKET_INVALID) from None


def user_for_code(code: str, redirect_uri: str) -> AbstractBaseUser:
    """The shopper bound to the Weibo account behind ``code``.

    Not bound: ``WEIBO_NOT_BOUND`` (201) carrying ``uid``, a binding ticket.
    """
    if not code or len(code) > 200:
        raise ShopkitError(ErrorCode.USERS_BAD_PARAMETER)
    uid = WeiboOAuth2().fetch_uid(code, redirect_uri)
    binding = OAuthBinding.objects.select_related("user").filter(provider=PROVIDER, uid=uid).first()
    if binding is None:
        raise ShopkitError(ErrorCode.WEIBO_NOT_BOUND, uid=make_ticket(uid))
    return binding.user


def bind(
    request: HttpRequest | None,
    ticket: str,
    *,
    username: str,
    password: str,
    email: str,
    phone: str,
    activation_url: ActivationUrl,
    sms_code: str | None = None,
) -> AbstractBaseUser:
    """Attach the ticket's Weibo account to ``username``.

    An existing name must come with its password (failures are rate-limited
    like logins); a new name registers an account like ``register_shopper``.
    """
    uid = read_ticket(ticket)
    with transaction.atomic():
        if canonical_user(username or "") is not None:
            user = authenticate_shopper(request, username, password)
        else:
            user = register_shopper(
                username=username,
                password=password,
                email=email,
                phone=phone,
                sms_code=sms_code,
                activation_url=activation_url,
            )
        if OAuthBinding.objects.filter(provider=PROVIDER, user=user).exists():
            raise ShopkitError(ErrorCode.USERS_WEIBO_ALREADY_BOUND)
        try:
            with transaction.atomic():
                OAuthBinding.objects.create(provider=PROVIDER, uid=uid, user=user)
        except IntegrityError:
            raise ShopkitError(ErrorCode.USERS_WEIBO_TICKET_INVALID) from None
    return user
