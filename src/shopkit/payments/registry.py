"""The active payment providers: what every plugin contributes, by name."""

from __future__ import annotations

from shopkit.conf import app_settings
from shopkit.core.providers import collect_providers
from shopkit.payments.providers.base import PaymentProvider
from shopkit.plugins import get_plugin_manager


def get_payment_providers() -> dict[str, PaymentProvider]:
    return collect_providers(get_plugin_manager().hook.shopkit_payment_providers())


def default_provider_name() -> str | None:
    """``SHOPKIT_DEFAULT_PAYMENT_PROVIDER``, else the first active provider's name
    (``None`` when no provider is active)."""
    configured = app_settings.DEFAULT_PAYMENT_PROVIDER
    if configured is not None:
        return configured
    return next(iter(get_payment_providers()), None)
