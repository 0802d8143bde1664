"""System checks for accounts."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage


def check_plugin_providers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An SMS or login provider entry without a BACKEND is the provider of a
    plugin; without that plugin it configures nothing (``shopkit.E014``)."""
    from shopkit.accounts.login_providers.registry import get_login_providers
    from shopkit.accounts.sms.registry import get_sms_providers
    from shopkit.conf import app_settings
    from shopkit.core.checks import unprovided_errors

    return [
        *unprovided_errors(
            "SHOPKIT_SMS_PROVIDERS", app_settings.SMS_PROVIDERS, get_sms_providers()
        ),
        *unprovided_errors(
            "SHOPKIT_LOGIN_PROVIDERS", app_settings.LOGIN_PROVIDERS, get_login_providers()
        ),
    ]
