"""The active SMS providers: what every plugin contributes, by name."""

from __future__ import annotations

from shopkit.accounts.sms.base import SMSProvider
from shopkit.core.providers import collect_providers
from shopkit.plugins import get_plugin_manager


def get_sms_providers() -> dict[str, SMSProvider]:
    return collect_providers(get_plugin_manager().hook.shopkit_sms_providers())
