"""The active SMS providers: what every plugin contributes, by name (built once
by the seam resolver, kept until the plugins or a setting change)."""

from __future__ import annotations

from shopkit.accounts.sms.base import SMSProvider
from shopkit.core.seams import ProviderSeam

SMS_PROVIDERS = ProviderSeam("shopkit_sms_providers", SMSProvider, setting="SHOPKIT_SMS_PROVIDERS")


def get_sms_providers() -> dict[str, SMSProvider]:
    return SMS_PROVIDERS.get()
