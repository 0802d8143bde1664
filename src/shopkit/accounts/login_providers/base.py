"""The login provider interface: ``shopkit.contrib.weibo`` implements it; so
can any plugin."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from shopkit.core.providers import Provider

#: Provider names appear in URLs (``/v1/users/<name>/users``) and in bindings.
NAME_PATTERN = re.compile(r"[a-z0-9_-]{1,20}")


@dataclass(frozen=True)
class ProviderAccount:
    """The shopper's account at the provider, as a callback code revealed it.

    ``uid`` is the provider's stable id for the account (what a binding
    stores); ``profile`` is whatever else the provider told (nickname,
    avatar …), for display only.
    """

    uid: str
    profile: Mapping[str, Any] = field(default_factory=dict)


class LoginProvider(Provider):
    """Base class of login providers. Subclasses implement every method below.

    A provider talks to one service's authorisation code flow: shopkit sends
    the shopper to :meth:`authorization_url`, the service sends them back to
    ``redirect_uri`` with a ``code`` (and the ``state``, which shopkit checks),
    and :meth:`exchange_code` turns that code into the account's id. Binding
    the account to a shop account, logging in and the signed state are
    shopkit's job, the same for every provider.

    Set :attr:`title` to the name shoppers know the service by; it labels the
    login button.
    """

    setting = "SHOPKIT_LOGIN_PROVIDERS"

    def __init__(self, name: str, **options: Any) -> None:
        if not NAME_PATTERN.fullmatch(name):
            raise ImproperlyConfigured(
                f"Login provider name {name!r} must be 1-20 lowercase letters, digits, "
                "'-' or '_': it is part of the login URLs and of every binding."
            )
        super().__init__(name, **options)

    def authorization_url(self, redirect_uri: str, state: str) -> str:
        """Where to send the shopper to approve the login; the service must
        come back to ``redirect_uri`` with ``code`` and this ``state``."""
        raise NotImplementedError(f"{type(self).__name__} must implement authorization_url()")

    def exchange_code(self, code: str, redirect_uri: str) -> ProviderAccount:
        """Exchange the callback's ``code`` (issued for ``redirect_uri``) for the
        shopper's account at the provider.

        Raise ``ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_FAILED)`` when the
        provider refuses the code or cannot be reached.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement exchange_code()")
