"""Alipay page payment (``alipay.trade.page.pay``) with RSA2 signatures.

- ``start`` builds the signed gateway URL the shopper's browser opens.
- Notifications are verified with Alipay's public key, then ``app_id`` and
  ``seller_id`` must be this merchant's; only ``TRADE_SUCCESS`` and
  ``TRADE_FINISHED`` mean paid. The notify view answers ``success`` or
  ``failure`` (``text/plain``), exactly as Alipay expects.
- Returns are verified the same way; they never prove payment, so an unpaid
  order is checked with ``alipay.trade.query``, whose answer is verified too.
- ``refund`` calls ``alipay.trade.refund`` for the whole amount.
"""

from __future__ import annotations

import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from shopkit.contrib.alipay.signatures import (
    MESSAGE_UNSIGNED,
    REQUEST_UNSIGNED,
    load_private_key,
    load_public_key,
    rsa2_sign,
    rsa2_verify,
    sign_content,
    signed_node,
)
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.money import money_text
from shopkit.payments.fields import parse_amount, required
from shopkit.payments.providers.base import PaymentProvider, PaymentStart, VerifiedPayment

logger = logging.getLogger(__name__)

BEIJING = ZoneInfo("Asia/Shanghai")
PAID_STATUSES = frozenset({"TRADE_SUCCESS", "TRADE_FINISHED"})
SUCCESS_CODE = "10000"
TRADE_NOT_EXIST = "ACQ.TRADE_NOT_EXIST"


def same(left: object, right: str) -> bool:
    """Constant-time equality of a received value and the expected string."""
    return isinstance(left, str) and hmac.compare_digest(left.encode(), right.encode())


def compact_json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class AlipayProvider(PaymentProvider):
    """Alipay page payment, configured in ``SHOPKIT_PAYMENT_PROVIDERS["alipay"]["OPTIONS"]``.

    Options:

    - ``app_id`` (required): the app's id in Alipay's open platform.
    - ``app_private_key`` (required): the app's RSA private key, PEM or the
      bare base64 Alipay's console uses.
    - ``alipay_public_key`` (required): Alipay's public key, PEM or bare base64.
    - ``seller_id`` (required): the merchant's PID, ``2088…``.
    - ``gateway_url``: default production; the sandbox is
      ``https://openapi-sandbox.dl.alipaydev.com/gateway.do``.
    - ``sign_type``: only ``"RSA2"`` (the default).
    - ``timeout``: seconds to wait for the gateway (default 10).
    - ``subject``: the trade title prefix shown to the shopper (default ``"shopkit"``).

    A missing or unreadable option is an ``ImproperlyConfigured`` naming it.
    """

    title = _("Alipay")
    default_gateway_url = "https://openapi.alipay.com/gateway.do"

    def __init__(
        self,
        name: str,
        app_id: str = "",
        app_private_key: str = "",
        alipay_public_key: str = "",
        seller_id: str = "",
        gateway_url: str | None = None,
        sign_type: str = "RSA2",
        timeout: float = 10,
        subject: str = "shopkit",
        **options: Any,
    ) -> None:
        super().__init__(name, **options)
        self.require_options(
            app_id=app_id,
            app_private_key=app_private_key,
            alipay_public_key=alipay_public_key,
            seller_id=seller_id,
        )
        if sign_type != "RSA2":
            raise self.option_error("sign_type", f"must be 'RSA2', not {sign_type!r}")
        for key, value, load in [
            ("app_private_key", app_private_key, load_private_key),
            ("alipay_public_key", alipay_public_key, load_public_key),
        ]:
            try:
                load(value)
            except ImproperlyConfigured as exc:
                raise self.option_error(key, f"cannot be used: {exc}") from exc
        self.app_id = app_id
        self.app_private_key = app_private_key
        self.alipay_public_key = alipay_public_key
        self.seller_id = seller_id
        self.gateway_url = gateway_url or self.default_gateway_url
        self.timeout = self.seconds_option("timeout", timeout)
        self.subject = subject

    # -- requests ------------------------------------------------------------

    def signed_request(self, method: str, biz_content: dict[str, Any], **extra: str) -> dict:
        """The parameters of a gateway call, signed with the app's private key."""
        params = {
            "app_id": self.app_id,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            **extra,
            "biz_content": compact_json(biz_content),
        }
        params["sign"] = rsa2_sign(self.app_private_key, sign_content(params, REQUEST_UNSIGNED))
        return params

    def call(self, method: str, biz_content: dict[str, Any]) -> dict[str, Any]:
        """Call the gateway and return its verified response node."""
        data = urlencode(self.signed_request(method, biz_content)).encode()
        request = urllib.request.Request(
            self.gateway_url,
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read().decode("utf-8")
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as exc:
            logger.warning("Alipay %s failed: %s", method, exc)
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE) from exc
        node_name = method.replace(".", "_") + "_response"
        try:
            content, node, sign = signed_node(body, node_name)
        except ValueError as exc:
            logger.warning("Alipay %s answered something unreadable: %s", method, exc)
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE) from exc
        if sign is None or not rsa2_verify(self.alipay_public_key, content, sign):
            logger.warning("Alipay %s answer failed signature verification", method)
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)
        return node

    # -- the provider interface ------------------------------------------------

    def start(self, order: Any, return_url: str, notify_url: str) -> PaymentStart:
        biz = {
            "out_trade_no": order.order_id,
            "total_amount": money_text(order.total_amount),
            "subject": f"{self.subject} {order.order_id}",
            "product_code": "FAST_INSTANT_TRADE_PAY",
        }
        params = self.signed_request(
            "alipay.trade.page.pay", biz, return_url=return_url, notify_url=notify_url
        )
        return PaymentStart(f"{self.gateway_url}?{urlencode(params)}")

    def verify_message(self, data: Mapping[str, Any]) -> None:
        """Check the signature, app id and seller id of a notification or return."""
        signature = required(data, "sign", 1024)
        if data.get("sign_type", "RSA2") != "RSA2":
            raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)
        if not all(isinstance(value, str) for value in data.values()):
            raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER)
        content = sign_content(data, MESSAGE_UNSIGNED)
        if not rsa2_verify(self.alipay_public_key, content, signature):
            raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)
        if not same(data.get("app_id"), self.app_id):
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID, gettext_noop("Another app's message")
            )
        if not same(data.get("seller_id"), self.seller_id):
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID, gettext_noop("Another seller's message")
            )

    def verify_notification(self, data: Mapping[str, Any]) -> VerifiedPayment:
        self.verify_message(data)
        return VerifiedPayment(
            order_id=required(data, "out_trade_no", 64),
            amount=parse_amount(data.get("total_amount")),
            trade_no=required(data, "trade_no", 64),
            paid=data.get("trade_status") in PAID_STATUSES,
            raw=dict(data),
        )

    def notification_response(self, accepted: bool) -> tuple[str, str]:
        return ("success" if accepted else "failure"), "text/plain"

    def verify_return(self, data: Mapping[str, Any]) -> VerifiedPayment:
        self.verify_message(data)
        return VerifiedPayment(
            order_id=required(data, "out_trade_no", 64),
            amount=parse_amount(data.get("total_amount")),
            trade_no=required(data, "trade_no", 64),
            paid=False,
            raw=dict(data),
        )

    def query(self, order: Any) -> VerifiedPayment | None:
        node = self.call("alipay.trade.query", {"out_trade_no": order.order_id})
        if node.get("sub_code") == TRADE_NOT_EXIST:
            return None
        if node.get("code") != SUCCESS_CODE:
            logger.warning(
                "alipay.trade.query refused: %s %s", node.get("code"), node.get("sub_msg")
            )
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)
        if not same(node.get("out_trade_no"), order.order_id):
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)
        return VerifiedPayment(
            order_id=order.order_id,
            amount=parse_amount(node.get("total_amount")),
            trade_no=required(node, "trade_no", 64),
            paid=node.get("trade_status") in PAID_STATUSES,
            raw=node,
        )

    def refund(self, payment: Any, reason: str) -> None:
        biz = {
            "out_trade_no": payment.order_id,
            "trade_no": payment.trade_no,
            "refund_amount": money_text(payment.amount),
            "refund_reason": reason[:256],
            "out_request_no": f"{payment.order_id}-refund",
        }
        node = self.call("alipay.trade.refund", biz)
        if node.get("code") != SUCCESS_CODE:
            logger.warning(
                "alipay.trade.refund refused: %s %s", node.get("code"), node.get("sub_msg")
            )
            raise ShopkitError(ErrorCode.PAYS_REFUND_FAILED)
