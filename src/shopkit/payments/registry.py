"""The active payment providers: what every plugin contributes, by name."""

from __future__ import annotations

from shopkit.core.providers import collect_providers
from shopkit.payments.providers.base import PaymentProvider
from shopkit.plugins import get_plugin_manager


def get_payment_providers() -> dict[str, PaymentProvider]:
    return collect_providers(get_plugin_manager().hook.shopkit_payment_providers())
