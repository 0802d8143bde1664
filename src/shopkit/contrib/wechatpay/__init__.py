"""WeChat Pay (微信支付) API v3, Native and H5: the payment provider ``"wechatpay"``.

Install ``cryptography`` (the ``alipay`` extra has it), name this package in
``SHOPKIT_PLUGINS`` and configure it under its name (the options are
documented on :class:`~shopkit.contrib.wechatpay.provider.WechatPayProvider`)::

    SHOPKIT_PLUGINS = ["shopkit.contrib.wechatpay"]
    SHOPKIT_PAYMENT_PROVIDERS = {
        "wechatpay": {"OPTIONS": {"app_id": "wx…", "mchid": "…", …}},
    }

The plugin also serves its pay page (the QR code, or the H5 redirect) and
WeChat's notify endpoint under ``/wechatpay/`` (``views.py``), and closes the
WeChat trade of an order that is cancelled unpaid (``tasks.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import include, path

from shopkit import hookimpl

# Imported here so every process that loads the plugin (web, worker, beat)
# knows the task: Celery discovers tasks only in INSTALLED_APPS.
from shopkit.contrib.wechatpay import tasks
from shopkit.core.providers import Provider, plugin_providers


@hookimpl
def shopkit_payment_providers() -> list[Provider]:
    return plugin_providers(
        "SHOPKIT_PAYMENT_PROVIDERS",
        "wechatpay",
        "shopkit.contrib.wechatpay.provider.WechatPayProvider",
    )


@hookimpl
def shopkit_order_cancelled(order: Any, reason: str) -> None:
    tasks.queue_closing(order)


@hookimpl
def shopkit_storefront_urls() -> list:
    from shopkit.contrib.wechatpay import views

    return [path("wechatpay/", include((views.urlpatterns, "wechatpay")))]


@hookimpl
def shopkit_template_dirs() -> list[Path]:
    return [Path(__file__).parent / "templates"]
