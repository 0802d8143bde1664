"""System checks for payments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning


def check_sandbox_in_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn when the sandbox, which lets anyone "pay", is active with DEBUG off."""
    from shopkit.payments.providers.sandbox import SandboxPaymentProvider
    from shopkit.payments.registry import get_payment_providers

    if settings.DEBUG:
        return []
    return [
        Warning(
            f"The sandbox payment provider {provider.name!r} is active with DEBUG off: "
            "anyone can mark orders paid.",
            hint="Remove it from SHOPKIT_PAYMENT_PROVIDERS in production.",
            id="shopkit.W010",
        )
        for provider in get_payment_providers().values()
        if isinstance(provider, SandboxPaymentProvider)
    ]
