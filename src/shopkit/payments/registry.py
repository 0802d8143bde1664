"""The active payment providers: what every plugin contributes, by name.

The registry is built once by the seam resolver and kept until the plugins or
a setting change, so looking it up on every request costs a dictionary lookup.
"""

from __future__ import annotations

from shopkit.conf import app_settings
from shopkit.core.providers import first_active_name
from shopkit.core.seams import ProviderSeam
from shopkit.payments.providers.base import PaymentProvider

PAYMENT_PROVIDERS = ProviderSeam(
    "shopkit_payment_providers", PaymentProvider, setting="SHOPKIT_PAYMENT_PROVIDERS"
)


def get_payment_providers() -> dict[str, PaymentProvider]:
    return PAYMENT_PROVIDERS.get()


def default_provider_name() -> str | None:
    """``SHOPKIT_DEFAULT_PAYMENT_PROVIDER``, else the first active provider
    (:func:`~shopkit.core.providers.first_active_name`; ``None`` when none is)."""
    configured = app_settings.DEFAULT_PAYMENT_PROVIDER
    if configured is not None:
        return configured
    return first_active_name("SHOPKIT_PAYMENT_PROVIDERS", get_payment_providers())
