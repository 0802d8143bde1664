"""System checks for payments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

PROVIDERS_HINT = (
    'Add "shopkit.contrib.alipay" to SHOPKIT_PLUGINS and set SHOPKIT_PAYMENT_PROVIDERS = '
    '{"alipay": {"OPTIONS": {...}}}, or another payment provider (see the payments '
    "docs); the sandbox comes on by itself only while DEBUG is on."
)


def check_payment_providers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Without an active provider checkout offers nothing to pay with; with a
    default that is not active, placing an order fails after the shopper chose."""
    from shopkit.conf import app_settings
    from shopkit.payments.registry import get_payment_providers

    providers = get_payment_providers()
    if not providers:
        return [
            Error(
                "No payment provider is active: shoppers can place orders but not pay them.",
                hint=PROVIDERS_HINT,
                id="shopkit.E007",
            )
        ]
    default = app_settings.DEFAULT_PAYMENT_PROVIDER
    if default is not None and default not in providers:
        return [
            Error(
                f"SHOPKIT_DEFAULT_PAYMENT_PROVIDER is {default!r}, which is not an active "
                f"provider (active: {', '.join(sorted(providers))}).",
                hint=f"Set SHOPKIT_DEFAULT_PAYMENT_PROVIDER = {next(iter(providers))!r}, "
                "or remove it to use the first active provider.",
                id="shopkit.E008",
            )
        ]
    return []


def check_sandbox_in_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The sandbox lets anyone "pay": an error when it is active with DEBUG off."""
    from shopkit.payments.providers.sandbox import SandboxPaymentProvider
    from shopkit.payments.registry import get_payment_providers

    if settings.DEBUG:
        return []
    return [
        Error(
            f"The sandbox payment provider {provider.name!r} is active with DEBUG off: "
            "anyone can mark orders paid.",
            hint=f"Remove {provider.name!r} from SHOPKIT_PAYMENT_PROVIDERS in production.",
            id="shopkit.E009",
        )
        for provider in get_payment_providers().values()
        if isinstance(provider, SandboxPaymentProvider)
    ]


def check_plugin_payment_providers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An entry without a BACKEND is the provider of a plugin; without that
    plugin it configures nothing (``shopkit.E014``)."""
    from shopkit.conf import app_settings
    from shopkit.core.checks import unprovided_errors
    from shopkit.payments.registry import get_payment_providers

    return unprovided_errors(
        "SHOPKIT_PAYMENT_PROVIDERS", app_settings.PAYMENT_PROVIDERS, get_payment_providers()
    )
