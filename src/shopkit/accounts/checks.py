"""System checks for accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

WEIBO_HINT = (
    'SHOPKIT_LOGIN_PROVIDERS = {"weibo": {"OPTIONS": {"client_id": "…", '
    '"client_secret": "…"}}} and "shopkit.contrib.weibo" in SHOPKIT_PLUGINS'
)


def check_removed_weibo_setting(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``SHOPKIT_WEIBO`` is read by nothing any more: without this error a
    project upgrading would lose Weibo login without a word."""
    if not hasattr(settings, "SHOPKIT_WEIBO"):
        return []
    return [
        Error(
            "SHOPKIT_WEIBO was removed: Weibo login is a login provider configured in "
            "SHOPKIT_LOGIN_PROVIDERS, so this setting switches nothing on.",
            hint=f"Replace SHOPKIT_WEIBO with {WEIBO_HINT} (the old keys in lower case: "
            "the options of WeiboLoginProvider).",
            id="shopkit.E013",
        )
    ]


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
