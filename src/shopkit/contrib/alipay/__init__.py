"""Alipay (支付宝) page payment, RSA2 signed.

Add ``"shopkit.contrib.alipay"`` to ``SHOPKIT_PLUGINS``, install the
``alipay`` extra and configure ``SHOPKIT_ALIPAY``; the plugin then
contributes an :class:`~shopkit.contrib.alipay.provider.AlipayProvider`.
The class can also be listed in ``SHOPKIT_PAYMENT_PROVIDERS`` directly.
"""

from __future__ import annotations

from shopkit import hookimpl
from shopkit.conf import app_settings
from shopkit.payments.providers.base import PaymentProvider


@hookimpl
def shopkit_payment_providers() -> list[PaymentProvider]:
    config = app_settings.ALIPAY
    if not config["APP_ID"]:
        return []
    from shopkit.contrib.alipay.provider import AlipayProvider

    return [
        AlipayProvider(
            name=config["NAME"],
            app_id=config["APP_ID"],
            app_private_key=config["APP_PRIVATE_KEY"],
            alipay_public_key=config["ALIPAY_PUBLIC_KEY"],
            seller_id=config["SELLER_ID"],
            gateway_url=config["GATEWAY_URL"],
            sign_type=config["SIGN_TYPE"],
            timeout=config["TIMEOUT"],
        )
    ]
