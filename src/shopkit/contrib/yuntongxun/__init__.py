"""Ronglian cloud (容联云通讯) template SMS: the SMS provider ``"yuntongxun"``.

Name this package in ``SHOPKIT_PLUGINS`` and configure it under its name (the
options are documented on
:class:`~shopkit.contrib.yuntongxun.provider.YuntongxunSMSProvider`)::

    SHOPKIT_PLUGINS = ["shopkit.contrib.yuntongxun"]
    SHOPKIT_SMS_PROVIDERS = {
        "yuntongxun": {"OPTIONS": {"account_sid": "…", "auth_token": "…", "app_id": "…"}},
    }
"""

from __future__ import annotations

from shopkit import hookimpl
from shopkit.core.providers import Provider, plugin_providers


@hookimpl
def shopkit_sms_providers() -> list[Provider]:
    return plugin_providers(
        "SHOPKIT_SMS_PROVIDERS",
        "yuntongxun",
        "shopkit.contrib.yuntongxun.provider.YuntongxunSMSProvider",
    )
