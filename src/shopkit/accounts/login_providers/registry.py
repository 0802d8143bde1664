"""The active login providers: what every plugin contributes, by name (built
once by the seam resolver, kept until the plugins or a setting change)."""

from __future__ import annotations

from shopkit.accounts.login_providers.base import LoginProvider
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.seams import ProviderSeam

LOGIN_PROVIDERS = ProviderSeam(
    "shopkit_login_providers", LoginProvider, setting="SHOPKIT_LOGIN_PROVIDERS"
)


def get_login_providers() -> dict[str, LoginProvider]:
    return LOGIN_PROVIDERS.get()


def get_login_provider(name: str) -> LoginProvider:
    """The active provider called ``name``; ``USERS_LOGIN_PROVIDER_UNKNOWN`` if none is."""
    provider = get_login_providers().get(name)
    if provider is None:
        raise ShopkitError(ErrorCode.USERS_LOGIN_PROVIDER_UNKNOWN)
    return provider
