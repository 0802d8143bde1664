"""Alipay (支付宝) page payment, RSA2 signed: the payment provider ``"alipay"``.

Install the ``alipay`` extra, name this package in ``SHOPKIT_PLUGINS`` and
configure it under its name (the options are documented on
:class:`~shopkit.contrib.alipay.provider.AlipayProvider`)::

    SHOPKIT_PLUGINS = ["shopkit.contrib.alipay"]
    SHOPKIT_PAYMENT_PROVIDERS = {
        "alipay": {"OPTIONS": {"app_id": "…", "app_private_key": "…", …}},
    }
"""

from __future__ import annotations

from shopkit import hookimpl
from shopkit.core.providers import Provider, plugin_providers


@hookimpl
def shopkit_payment_providers() -> list[Provider]:
    return plugin_providers(
        "SHOPKIT_PAYMENT_PROVIDERS", "alipay", "shopkit.contrib.alipay.provider.AlipayProvider"
    )
