"""Logging in with a login provider: the provider's account (provider name +
``uid``) logs in the shop account bound to it, or gets a binding ticket to
attach it to a new or an existing shop account.

The same for every provider, on both faces. The ``uid`` handed to the client
when the account is not bound is a signed, expiring ticket, never the
provider's id: a client cannot bind an account it did not just log in with.
States and tickets are signed per provider, so one provider's are worthless
to another. Logging the user in afterwards (and merging their cart) is
:func:`shopkit.accounts.services.log_in_session` or
:func:`~shopkit.accounts.services.log_in_with_token`.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_noop

from shopkit.accounts.links import ActivationUrl
from shopkit.accounts.login_providers.registry import get_login_provider
from shopkit.accounts.models import OAuthBinding
from shopkit.accounts.services import NewAccount, authenticate_shopper, register_shopper
from shopkit.accounts.validation import canonical_user
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

STATE_SALT = "shopkit.accounts.login_providers.state"
TICKET_SALT = "shopkit.accounts.login_providers.bind"
#: Seconds a shopper has to come back from the provider, and then to finish binding.
TICKET_MAX_AGE = 15 * 60
#: The longest provider account id a binding stores.
UID_MAX_LENGTH = OAuthBinding._meta.get_field("uid").max_length


def _signer(salt: str, provider_name: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{salt}:{provider_name}")


def make_state(provider_name: str) -> str:
    """A signed ``state`` for ``provider_name``'s authorisation URL (see :func:`check_state`)."""
    return _signer(STATE_SALT, provider_name).sign(secrets.token_urlsafe(12))


def check_state(provider_name: str, state: str) -> None:
    """``USERS_LOGIN_PROVIDER_FAILED`` unless ``state`` is a fresh one of ours for this provider."""
    try:
        _signer(STATE_SALT, provider_name).unsign(state or "", max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        raise ShopkitError(
            ErrorCode.USERS_LOGIN_PROVIDER_FAILED, gettext_noop("Invalid login state")
        ) from None


def authorization_url(provider_name: str, redirect_uri: str, state: str) -> str:
    """Where to send the shopper to log in with ``provider_name``.

    ``USERS_LOGIN_PROVIDER_UNKNOWN`` if no such provider is active.
    """
    return get_login_provider(provider_name).authorization_url(redirect_uri, state)


def make_ticket(provider_name: str, uid: str) -> str:
    return _signer(TICKET_SALT, provider_name).sign(uid)


def read_ticket(provider_name: str, ticket: str) -> str:
    try:
        return _signer(TICKET_SALT, provider_name).unsign(ticket or "", max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        raise ShopkitError(ErrorCode.USERS_BINDING_EXPIRED) from None


def user_for_code(provider_name: str, code: str, redirect_uri: str) -> AbstractBaseUser:
    """The shop account bound to the provider account behind the callback's ``code``.

    Not bound: ``PROVIDER_ACCOUNT_NOT_BOUND`` (201) carrying ``uid``, a
    binding ticket for :func:`bind`.
    """
    if not code or len(code) > 200:
        raise ShopkitError(ErrorCode.USERS_BAD_PARAMETER)
    provider = get_login_provider(provider_name)
    uid = provider.exchange_code(code, redirect_uri).uid
    if not isinstance(uid, str) or not uid or len(uid) > UID_MAX_LENGTH:
        raise ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED)
    binding = (
        OAuthBinding.objects.select_related("user").filter(provider=provider.name, uid=uid).first()
    )
    if binding is None:
        raise ShopkitError(
            ErrorCode.PROVIDER_ACCOUNT_NOT_BOUND, uid=make_ticket(provider.name, uid)
        )
    return binding.user


def bind(
    request: HttpRequest | None,
    provider_name: str,
    ticket: str,
    account: NewAccount,
    activation_url: ActivationUrl,
) -> AbstractBaseUser:
    """Attach the ticket's provider account to ``account.username``.

    An existing name must come with its password (failures are rate-limited
    like logins; the other fields are ignored); a new name registers
    ``account`` like ``register_shopper``. A shop account holds at most one
    account of each provider.
    """
    provider = get_login_provider(provider_name)
    uid = read_ticket(provider.name, ticket)
    with transaction.atomic():
        if canonical_user(account.username or "") is not None:
            user = authenticate_shopper(request, account.username, account.password)
        else:
            user = register_shopper(account, activation_url)
        if OAuthBinding.objects.filter(provider=provider.name, user=user).exists():
            raise ShopkitError(ErrorCode.USERS_PROVIDER_ALREADY_BOUND)
        try:
            with transaction.atomic():
                OAuthBinding.objects.create(provider=provider.name, uid=uid, user=user)
        except IntegrityError:
            # The provider account got bound meanwhile: the ticket is spent.
            raise ShopkitError(ErrorCode.USERS_BINDING_EXPIRED) from None
    return user
