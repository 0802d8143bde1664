"""WeChat Pay (微信支付) API v3: Native (QR code) and H5 payments, the
payment provider ``"wechatpay"``.

- ``start`` signs a ticket into the URL of the plugin's pay page
  (``views.pay``). The page creates the trade when the shopper opens it: a
  Native trade whose ``code_url`` it shows as a QR code, or, for phone
  browsers (or with ``trade_type="h5"``), an H5 trade whose ``h5_url`` it
  redirects to. Amounts always come from the order, never from the URL.
- Notifications are verified with the platform certificate the
  ``Wechatpay-Serial`` header names (RSA-SHA256 over
  ``timestamp\\nnonce\\nbody\\n``), refused when their timestamp is more than
  five minutes off, and their resource is decrypted (AEAD_AES_256_GCM under
  the API v3 key); ``appid`` and ``mchid`` must be this merchant's and only
  ``trade_state`` ``SUCCESS`` pays. The notify view answers in WeChat's form.
- WeChat sends the shopper back with nothing signed, so the pay page adds
  its own signed parameter to the return URL; a return never proves payment:
  shopkit then asks ``query``.
- ``query``, ``close`` and ``refund`` call the API; every answer's
  platform signature is verified.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from cryptography import x509
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from shopkit.contrib.wechatpay import crypto
from shopkit.contrib.wechatpay.client import WechatPayClient
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.payments.fields import parse_amount, required
from shopkit.payments.providers.base import PaymentProvider, PaymentStart, VerifiedPayment

logger = logging.getLogger(__name__)

TICKET_SALT = "shopkit.contrib.wechatpay.ticket"
RETURN_SALT = "shopkit.contrib.wechatpay.return"
#: A Native ``code_url`` is valid for two hours; so is the pay page's link.
TICKET_MAX_AGE = 2 * 60 * 60
#: Notifications whose timestamp is further than this from now are refused.
NOTIFY_MAX_SKEW = 5 * 60
MAX_NOTIFICATION = 16_000
CURRENCY = "CNY"
TRADE_TYPES = ("auto", "native", "h5")
#: Phone browsers get H5 pay; WeChat's own browser does not take H5 (it wants
#: JSAPI), so it is shown the QR code, which a long press recognises.
MOBILE_AGENT = re.compile(r"Mobile|Android|iPhone|iPad|iPod|HarmonyOS", re.I)
IN_WECHAT = re.compile(r"MicroMessenger", re.I)
REFUND_ACCEPTED = frozenset({"SUCCESS", "PROCESSING"})
NOT_PAYABLE_CODES = frozenset({"ORDERPAID", "ORDER_CLOSED", "ORDERCLOSED"})


def same(left: object, right: str) -> bool:
    """Constant-time equality of a received value and the expected string."""
    return isinstance(left, str) and hmac.compare_digest(left.encode(), right.encode())


def fen(amount: Decimal) -> int:
    """An amount in yuan as WeChat's integer fen."""
    return int((amount * 100).to_integral_exact())


def yuan(total: object) -> Decimal:
    """WeChat's integer fen as a checked amount in yuan."""
    if isinstance(total, bool) or not isinstance(total, int):
        raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Invalid amount"))
    return parse_amount(Decimal(total) / 100)


def read_ticket(token: str) -> dict[str, str]:
    """The order, provider and callback URLs ``start`` signed into a pay page's
    link; ``PAYS_SIGNATURE_INVALID`` when forged or expired."""
    try:
        ticket = signing.loads(token, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID) from None
    if not isinstance(ticket, dict):
        raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)
    return ticket


class WechatPayProvider(PaymentProvider):
    """WeChat Pay API v3, configured in ``SHOPKIT_PAYMENT_PROVIDERS["wechatpay"]["OPTIONS"]``.

    Options:

    - ``app_id`` (required): the AppID bound to the merchant (公众号, 小程序
      or 移动应用), ``wx…``.
    - ``mchid`` (required): the merchant id (商户号).
    - ``merchant_private_key`` (required): the merchant API certificate's
      private key, PEM (``apiclient_key.pem``).
    - ``merchant_serial_no`` (required): that certificate's serial number.
    - ``api_v3_key`` (required): the 32-character API v3 key set in the
      merchant platform; it decrypts notifications and certificates.
    - ``platform_certificates``: WeChat's platform certificates, PEM (one
      string or a list). Without them they are fetched from
      ``/v3/certificates`` and decrypted with the API v3 key.
    - ``notify_url``: the absolute URL WeChat posts notifications to;
      default the plugin's ``/wechatpay/notify/<name>`` on ``SHOPKIT_PAYMENT_BASE_URL``
      (or the request's host). WeChat wants HTTPS without a query.
    - ``gateway_url``: default ``https://api.mch.weixin.qq.com``.
    - ``trade_type``: ``"auto"`` (default: H5 for phone browsers, Native
      elsewhere), ``"native"`` or ``"h5"``.
    - ``timeout``: seconds to wait for the API (default 10).
    - ``description``: the trade description's prefix (default ``"shopkit"``).

    A missing or unreadable option is an ``ImproperlyConfigured`` naming it.
    """

    title = _("WeChat Pay")
    default_gateway_url = "https://api.mch.weixin.qq.com"

    def __init__(
        self,
        name: str,
        app_id: str = "",
        mchid: str = "",
        merchant_private_key: str = "",
        merchant_serial_no: str = "",
        api_v3_key: str = "",
        platform_certificates: str | list[str] | tuple[str, ...] = (),
        notify_url: str = "",
        gateway_url: str | None = None,
        trade_type: str = "auto",
        timeout: float = 10,
        description: str = "shopkit",
        **options: Any,
    ) -> None:
        super().__init__(name, **options)
        self.require_options(
            app_id=app_id,
            mchid=mchid,
            merchant_private_key=merchant_private_key,
            merchant_serial_no=merchant_serial_no,
            api_v3_key=api_v3_key,
        )
        try:
            crypto.load_private_key(merchant_private_key)
        except (ValueError, TypeError, AttributeError) as exc:
            raise self.option_error("merchant_private_key", f"cannot be used: {exc}") from exc
        if not isinstance(api_v3_key, str) or len(api_v3_key.encode()) != 32:
            raise self.option_error("api_v3_key", "must be the 32-character API v3 key")
        if trade_type not in TRADE_TYPES:
            raise self.option_error("trade_type", f"must be one of {TRADE_TYPES}")
        if notify_url and urlsplit(notify_url).scheme not in ("http", "https"):
            raise self.option_error("notify_url", "must be an absolute http(s) URL")
        self.app_id = app_id
        self.mchid = mchid
        self.notify_url = notify_url
        self.trade_type = trade_type
        self.description = description
        self.client = WechatPayClient(
            mchid=mchid,
            serial_no=merchant_serial_no,
            private_key=merchant_private_key,
            api_v3_key=api_v3_key,
            base_url=gateway_url or self.default_gateway_url,
            timeout=self.seconds_option("timeout", timeout),
            certificates=self._certificates(platform_certificates),
        )

    def _certificates(self, pems: str | list[str] | tuple[str, ...]) -> list[x509.Certificate]:
        try:
            return [
                crypto.load_certificate(pem) for pem in ([pems] if isinstance(pems, str) else pems)
            ]
        except (ValueError, TypeError, AttributeError) as exc:
            raise self.option_error("platform_certificates", f"cannot be used: {exc}") from exc

    # -- the pay page's side ---------------------------------------------------------

    def start(self, order: Any, return_url: str, notify_url: str) -> PaymentStart:
        ticket = {
            "provider": self.name,
            "order_id": order.order_id,
            "notify_url": self.notify_url
            or urljoin(notify_url, reverse("shopkit_plugins:wechatpay:notify", args=[self.name])),
            "return_url": return_url,
        }
        token = signing.dumps(ticket, salt=TICKET_SALT)
        # shopkit's callback URL only lends the pay page its scheme and host.
        return PaymentStart(
            urljoin(return_url, reverse("shopkit_plugins:wechatpay:pay", args=[token]))
        )

    def wants_h5(self, user_agent: str) -> bool:
        """Whether a browser sending ``user_agent`` pays by H5 rather than a QR code."""
        if self.trade_type != "auto":
            return self.trade_type == "h5"
        return bool(MOBILE_AGENT.search(user_agent)) and not IN_WECHAT.search(user_agent)

    def create_native(self, order: Any, ticket: Mapping[str, str]) -> str:
        """Open (or reopen: WeChat keeps one trade per order) the order's Native
        trade; the ``code_url`` its QR code carries."""
        answer = self._create("native", order, ticket)
        return required(answer, "code_url", 512)

    def create_h5(self, order: Any, ticket: Mapping[str, str], client_ip: str) -> str:
        """Open the order's H5 trade; where the phone's browser goes to pay,
        coming back to the signed return URL."""
        scene = {"payer_client_ip": client_ip, "h5_info": {"type": "Wap"}}
        answer = self._create("h5", order, ticket, scene_info=scene)
        h5_url = required(answer, "h5_url", 2048)
        return f"{h5_url}&redirect_url={quote(self.return_url(order, ticket), safe='')}"

    def return_url(self, order: Any, ticket: Mapping[str, str]) -> str:
        """The shop's return URL with this provider's signed parameters."""
        return f"{ticket['return_url']}?{urlencode(self.return_params(order))}"

    def return_params(self, order: Any) -> dict[str, str]:
        payload = {"provider": self.name, "out_trade_no": order.order_id}
        return {"wechatpay": signing.dumps(payload, salt=RETURN_SALT)}

    def _create(self, kind: str, order: Any, ticket: Mapping[str, str], **extra: Any) -> dict:
        payload = {
            "appid": self.app_id,
            "mchid": self.mchid,
            "description": f"{self.description} {order.order_id}"[:127],
            "out_trade_no": order.order_id,
            "notify_url": ticket["notify_url"],
            "amount": {"total": fen(order.total_amount), "currency": CURRENCY},
            **extra,
        }
        answer = self.client.request("POST", f"/v3/pay/transactions/{kind}", payload)
        if not answer.ok:
            self._log_refusal(kind, answer.data)
            if answer.data.get("code") in NOT_PAYABLE_CODES:
                raise ShopkitError(ErrorCode.PAYS_ORDER_NOT_PAYABLE)
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)
        return answer.data

    # -- the provider interface ------------------------------------------------------

    def verify_notification(self, data: Mapping[str, Any]) -> VerifiedPayment:
        """``data`` holds the raw ``body`` and the ``timestamp``, ``nonce``,
        ``signature``, ``serial`` and (optional) ``signature_type`` of the
        ``Wechatpay-*`` headers (``views.notify`` reads them)."""
        body = required(data, "body", MAX_NOTIFICATION)
        timestamp = required(data, "timestamp", 16)
        nonce, signature = required(data, "nonce", 64), required(data, "signature", 1024)
        serial = required(data, "serial", 64)
        if data.get("signature_type", crypto.SCHEMA) != crypto.SCHEMA:
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID, gettext_noop("Unknown signature type")
            )
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > NOTIFY_MAX_SKEW:
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID, gettext_noop("Stale or future timestamp")
            )
        problem = self.client.signature_problem(timestamp, nonce, signature, serial, body)
        if problem:
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID,
                gettext("WeChat Pay message: %(problem)s") % {"problem": problem},
            )
        transaction = self._decrypt_resource(body)
        return self._verified(transaction, required(transaction, "out_trade_no", 32))

    def _decrypt_resource(self, body: str) -> dict[str, Any]:
        try:
            event = json.loads(body)
        except ValueError:
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Notification is not JSON")
            ) from None
        resource = event.get("resource") if isinstance(event, dict) else None
        if not isinstance(resource, dict) or resource.get("original_type") != "transaction":
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Not a transaction notification")
            )
        if resource.get("algorithm") != "AEAD_AES_256_GCM":
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Unknown resource algorithm")
            )
        associated = resource.get("associated_data", "")
        if not isinstance(associated, str):
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Invalid 'associated_data'")
            )
        try:
            plain = crypto.decrypt(
                self.client.api_v3_key,
                required(resource, "nonce", 64),
                associated,
                required(resource, "ciphertext", MAX_NOTIFICATION),
            )
            transaction = json.loads(plain)
        except crypto.DecryptionError:
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID, gettext_noop("Resource does not decrypt")
            ) from None
        except ValueError:
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Resource is not JSON")
            ) from None
        if not isinstance(transaction, dict):
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Resource is not a transaction")
            )
        return transaction

    def notification_response(self, accepted: bool) -> tuple[str, str]:
        if accepted:
            return json.dumps({"code": "SUCCESS", "message": "成功"}), "application/json"
        return json.dumps({"code": "FAIL", "message": "失败"}), "application/json"

    def verify_return(self, data: Mapping[str, Any]) -> VerifiedPayment:
        try:
            payload = signing.loads(required(data, "wechatpay", 512), salt=RETURN_SALT)
        except signing.BadSignature:
            raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID) from None
        if not isinstance(payload, dict) or payload.get("provider") != self.name:
            raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)
        order_id = required(payload, "out_trade_no", 32)
        # The return carries no amount; shopkit queries the trade for it.
        return VerifiedPayment(
            order_id=order_id, amount=Decimal("0.00"), trade_no="", paid=False, raw=payload
        )

    def query(self, order: Any) -> VerifiedPayment | None:
        path = (
            f"/v3/pay/transactions/out-trade-no/{quote(order.order_id)}?mchid={quote(self.mchid)}"
        )
        answer = self.client.request("GET", path)
        if answer.status == 404 and answer.data.get("code") == "ORDER_NOT_EXIST":
            return None
        if not answer.ok:
            self._log_refusal("query", answer.data)
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)
        try:
            return self._verified(answer.data, order.order_id)
        except ShopkitError as error:
            logger.warning(
                "WeChat Pay query of %s answered wrongly: %s", order.order_id, error.message
            )
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE) from error

    def close(self, order: Any) -> None:
        """Close the order's unpaid trade, so its QR code and H5 page stop
        taking money; closing a trade WeChat never opened changes nothing."""
        path = f"/v3/pay/transactions/out-trade-no/{quote(order.order_id)}/close"
        answer = self.client.request("POST", path, {"mchid": self.mchid})
        if answer.ok or answer.data.get("code") == "ORDER_NOT_EXIST":
            return
        self._log_refusal("close", answer.data)
        if answer.data.get("code") in NOT_PAYABLE_CODES:
            raise ShopkitError(ErrorCode.PAYS_ORDER_NOT_PAYABLE)
        raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)

    def refund(self, payment: Any, reason: str) -> None:
        total = fen(payment.amount)
        payload = {
            "transaction_id": payment.trade_no,
            "out_refund_no": f"{payment.order_id}-refund",
            "reason": reason[:80],
            "amount": {"refund": total, "total": total, "currency": CURRENCY},
        }
        try:
            answer = self.client.request("POST", "/v3/refund/domestic/refunds", payload)
        except ShopkitError as error:
            raise ShopkitError(ErrorCode.PAYS_REFUND_FAILED, error.message) from error
        # WeChat refunds asynchronously: PROCESSING is a refund it has taken on.
        if answer.ok and answer.data.get("status") in REFUND_ACCEPTED:
            return
        self._log_refusal("refund", answer.data)
        raise ShopkitError(ErrorCode.PAYS_REFUND_FAILED)

    # -- helpers -------------------------------------------------------------------------

    def _verified(self, transaction: Mapping[str, Any], order_id: str) -> VerifiedPayment:
        """A transaction (decrypted, or a verified query answer) as shopkit's
        ``VerifiedPayment``, once it is shown to be this merchant's."""
        if not same(transaction.get("appid"), self.app_id):
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID, gettext_noop("Another app's trade")
            )
        if not same(transaction.get("mchid"), self.mchid):
            raise ShopkitError(
                ErrorCode.PAYS_SIGNATURE_INVALID, gettext_noop("Another merchant's trade")
            )
        if not same(transaction.get("out_trade_no"), order_id):
            raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Another order's trade"))
        amount = transaction.get("amount")
        if not isinstance(amount, dict) or amount.get("currency", CURRENCY) != CURRENCY:
            raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Invalid amount"))
        paid = transaction.get("trade_state") == "SUCCESS"
        return VerifiedPayment(
            order_id=order_id,
            amount=yuan(amount.get("total")),
            trade_no=required(transaction, "transaction_id", 64) if paid else "",
            paid=paid,
            raw=dict(transaction),
        )

    @staticmethod
    def _log_refusal(operation: str, data: Mapping[str, Any]) -> None:
        logger.warning(
            "WeChat Pay refused %s: %s %s", operation, data.get("code"), data.get("message")
        )
