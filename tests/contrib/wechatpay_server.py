"""A local WeChat Pay API v3 server for tests, speaking the real protocol.

It holds real keys, generated when it is created: the platform's RSA key and
its X.509 certificate (it signs every answer and notification with it) and
the merchant's API key (tests configure the provider with its private half;
the server verifies each request's ``Authorization`` with the public half,
as WeChat does with the merchant's API certificate). Notification resources
and the ``/v3/certificates`` answer are sealed with AES-256-GCM under the API
v3 key. Its canonicalisation is written here, apart from the provider's, so a
bug in one is not mirrored in the other.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import string
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.x509.oid import NameOID

from shopkit.testing.loopback import LoopbackServer

BEIJING = ZoneInfo("Asia/Shanghai")
AUTH_RE = re.compile(r'(\w+)="([^"]*)"')
ORDER_PATH = re.compile(r"^/v3/pay/transactions/out-trade-no/(?P<no>[^/?]+)(?P<close>/close)?$")


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def self_signed(key: rsa.RSAPrivateKey, name: str, days: int = 365) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )


def random_text(length: int) -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(length))


def now_text() -> str:
    return datetime.now(BEIJING).isoformat(timespec="seconds")


class LocalWechatPay(LoopbackServer):
    """WeChat Pay's API for one merchant and app, on 127.0.0.1."""

    def __init__(self, app_id: str = "wx8888888888888888", mchid: str = "1900000109"):
        super().__init__()
        self.app_id = app_id
        self.mchid = mchid
        self.api_v3_key = random_text(32)
        self.platform_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.platform_certificate = self_signed(self.platform_key, "Tenpay.com Root CA")
        self.merchant_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.merchant_serial = format(x509.random_serial_number(), "X")
        #: out_trade_no → the trade, as WeChat's query answers it (plus notify_url).
        self.trades: dict[str, dict[str, Any]] = {}
        #: out_refund_no → the refund.
        self.refunds: dict[str, dict[str, Any]] = {}
        #: Every authenticated call, as ``(method, path, payload)``, oldest first.
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        #: ``(path, reason)`` of every request turned down before it was served.
        self.rejected: list[tuple[str, str]] = []
        #: How many coming refund calls answer WeChat's transient SYSTEM_ERROR.
        self.failing_refunds = 0
        self._lock = threading.Lock()

    # -- serving ----------------------------------------------------------------

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                gateway._answer(self, "GET", "")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                gateway._answer(self, "POST", self.rfile.read(length).decode("utf-8"))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    @property
    def url(self) -> str:
        return self.origin

    # -- what a merchant configures ------------------------------------------------

    @property
    def platform_serial(self) -> str:
        return format(self.platform_certificate.serial_number, "X")

    @property
    def platform_pem(self) -> str:
        return self.platform_certificate.public_bytes(serialization.Encoding.PEM).decode()

    def options(self, **overrides: Any) -> dict[str, Any]:
        """``WechatPayProvider`` options pointing at this server."""
        return {
            "app_id": self.app_id,
            "mchid": self.mchid,
            "merchant_private_key": private_pem(self.merchant_key),
            "merchant_serial_no": self.merchant_serial,
            "api_v3_key": self.api_v3_key,
            "platform_certificates": [self.platform_pem],
            "gateway_url": self.url,
            "timeout": 5,
            **overrides,
        }

    # -- the shopper's and WeChat's side ----------------------------------------------

    def scan_and_pay(self, code_url: str) -> dict[str, Any]:
        """The shopper scans a Native ``code_url`` in WeChat and pays."""
        with self._lock:
            trade = next(t for t in self.trades.values() if t.get("code_url") == code_url)
        return self.pay(trade["out_trade_no"])

    def open(self, url: str) -> int:
        """Open a URL (an H5 pay page) as the shopper's browser does; the status."""
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status

    def pay(self, out_trade_no: str) -> dict[str, Any]:
        """The shopper pays an open trade: it becomes ``SUCCESS``."""
        with self._lock:
            trade = self.trades[out_trade_no]
            if trade["trade_state"] == "NOTPAY":
                trade.update(
                    trade_state="SUCCESS",
                    trade_state_desc="支付成功",
                    transaction_id="4200"
                    + "".join(secrets.choice("0123456789") for _ in range(24)),
                    success_time=now_text(),
                    bank_type="OTHERS",
                    payer={"openid": "o" + random_text(27)},
                )
            return dict(trade)

    def transaction(self, out_trade_no: str) -> dict[str, Any]:
        """The trade as WeChat reports it in queries and notifications."""
        trade = dict(self.trades[out_trade_no])
        for private in ("notify_url", "code_url", "h5_url", "payer_client_ip", "description"):
            trade.pop(private, None)
        return trade

    def notification(
        self,
        out_trade_no: str,
        *,
        overrides: dict[str, Any] | None = None,
        ciphertext: Any = None,
        serial: str | None = None,
        key: rsa.RSAPrivateKey | None = None,
        timestamp: int | None = None,
    ) -> tuple[str, dict[str, str]]:
        """The body and headers of the notification of a trade.

        ``overrides`` change fields of the transaction before it is sealed
        and signed (another app id, amount, order…), making well-signed but
        wrong notifications; ``ciphertext`` replaces the sealed resource
        (a function of the real one), ``serial``, ``key`` and ``timestamp``
        sign otherwise.
        """
        transaction = {**self.transaction(out_trade_no), **(overrides or {})}
        nonce = random_text(12)
        sealed = self.seal(json.dumps(transaction, ensure_ascii=False), nonce, "transaction")
        if ciphertext is not None:
            sealed = ciphertext(sealed)
        paid = transaction.get("trade_state") == "SUCCESS"
        event = {
            "id": "EV-" + random_text(20),
            "create_time": now_text(),
            "resource_type": "encrypt-resource",
            "event_type": "TRANSACTION.SUCCESS" if paid else "TRANSACTION.NOTPAY",
            "summary": "支付成功",
            "resource": {
                "original_type": "transaction",
                "algorithm": "AEAD_AES_256_GCM",
                "ciphertext": sealed,
                "associated_data": "transaction",
                "nonce": nonce,
            },
        }
        body = json.dumps(event, ensure_ascii=False)
        return body, self.signed_headers(body, serial=serial, key=key, timestamp=timestamp)

    def notification_data(self, out_trade_no: str, **kwargs: Any) -> dict[str, str]:
        """The notification as ``WechatPayProvider.verify_notification`` takes it."""
        body, headers = self.notification(out_trade_no, **kwargs)
        return {
            "body": body,
            "timestamp": headers["Wechatpay-Timestamp"],
            "nonce": headers["Wechatpay-Nonce"],
            "signature": headers["Wechatpay-Signature"],
            "serial": headers["Wechatpay-Serial"],
            "signature_type": headers["Wechatpay-Signature-Type"],
        }

    def send_notification(self, out_trade_no: str, **kwargs: Any) -> tuple[int, dict]:
        """POST the notification to the trade's ``notify_url``, as WeChat does;
        the HTTP status and the JSON answer."""
        body, headers = self.notification(out_trade_no, **kwargs)
        request = urllib.request.Request(
            self.trades[out_trade_no]["notify_url"],
            data=body.encode(),
            method="POST",
            headers={**headers, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read() or b"{}")

    def refunded(self, out_trade_no: str) -> bool:
        return any(r["out_trade_no"] == out_trade_no for r in self.refunds.values())

    def paths_called(self) -> list[str]:
        return [f"{method} {urlsplit(path).path}" for method, path, _ in self.calls]

    def fail_next_refunds(self, times: int) -> None:
        """Answer the next ``times`` refund calls with WeChat's 500 SYSTEM_ERROR."""
        with self._lock:
            self.failing_refunds = times

    # -- cryptography ---------------------------------------------------------------

    def seal(self, plaintext: str, nonce: str, associated_data: str) -> str:
        sealed = AESGCM(self.api_v3_key.encode()).encrypt(
            nonce.encode(), plaintext.encode(), associated_data.encode()
        )
        return base64.b64encode(sealed).decode()

    def signed_headers(
        self,
        body: str,
        *,
        serial: str | None = None,
        key: rsa.RSAPrivateKey | None = None,
        timestamp: int | None = None,
    ) -> dict[str, str]:
        stamp, nonce = str(timestamp or int(time.time())), random_text(32)
        signed = f"{stamp}\n{nonce}\n{body}\n".encode()
        signature = (key or self.platform_key).sign(signed, padding.PKCS1v15(), hashes.SHA256())
        return {
            "Wechatpay-Timestamp": stamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": base64.b64encode(signature).decode(),
            "Wechatpay-Serial": serial or self.platform_serial,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
            "Request-ID": random_text(24),
        }

    def _authorization_problem(self, method: str, path: str, body: str, header: str) -> str | None:
        schema, _, rest = header.partition(" ")
        if schema != "WECHATPAY2-SHA256-RSA2048":
            return "unknown authorization schema"
        fields = dict(AUTH_RE.findall(rest))
        if fields.get("mchid") != self.mchid:
            return "mchid does not match"
        if fields.get("serial_no") != self.merchant_serial:
            return "unknown merchant certificate serial"
        if not fields.get("timestamp", "").isdigit():
            return "missing timestamp"
        if abs(time.time() - int(fields["timestamp"])) > 300:
            return "timestamp expired"
        signed = f"{method}\n{path}\n{fields['timestamp']}\n{fields.get('nonce_str', '')}\n{body}\n"
        try:
            self.merchant_key.public_key().verify(
                base64.b64decode(fields.get("signature", ""), validate=True),
                signed.encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except (InvalidSignature, ValueError):
            return "signature does not verify"
        return None

    # -- HTTP ----------------------------------------------------------------------

    def _answer(self, handler: BaseHTTPRequestHandler, method: str, body: str) -> None:
        path = handler.path
        if urlsplit(path).path == "/h5/checkmweb":
            return self._send(handler, 200, "<html>微信支付</html>", "text/html; charset=utf-8")
        problem = self._authorization_problem(
            method, path, body, handler.headers.get("Authorization", "")
        )
        if problem:
            with self._lock:
                self.rejected.append((path, problem))
            return self._send_json(handler, 401, {"code": "SIGN_ERROR", "message": problem})
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            return self._send_json(handler, 400, {"code": "PARAM_ERROR", "message": "not JSON"})
        with self._lock:
            self.calls.append((method, path, payload))
            status, answer = self._route(method, path, payload)
        self._send_json(handler, status, answer)

    def _route(self, method: str, path: str, payload: dict) -> tuple[int, dict | None]:
        parts = urlsplit(path)
        if method == "POST" and parts.path in (
            "/v3/pay/transactions/native",
            "/v3/pay/transactions/h5",
        ):
            return self._create(parts.path.rsplit("/", 1)[1], payload)
        if method == "GET" and parts.path == "/v3/certificates":
            return 200, self._certificates()
        if method == "POST" and parts.path == "/v3/refund/domestic/refunds":
            return self._refund(payload)
        match = ORDER_PATH.match(parts.path)
        if match and method == "GET" and not match["close"]:
            mchid = parse_qs(parts.query).get("mchid", [""])[0]
            return self._query(match["no"], mchid)
        if match and method == "POST" and match["close"]:
            return self._close(match["no"], payload)
        return 404, {"code": "NOT_FOUND", "message": "no such API"}

    def _create(self, kind: str, payload: dict) -> tuple[int, dict]:
        problem = self._check_order(kind, payload)
        if problem:
            return 400, {"code": "PARAM_ERROR", "message": problem}
        number = payload["out_trade_no"]
        trade = self.trades.get(number)
        trade_type = kind.upper()
        if trade is not None:
            if trade["trade_state"] == "SUCCESS":
                return 400, {"code": "ORDERPAID", "message": "该订单已支付"}
            if trade["trade_state"] == "CLOSED":
                return 400, {"code": "ORDER_CLOSED", "message": "订单已关闭"}
            if (
                trade["trade_type"] != trade_type
                or trade["amount"]["total"] != payload["amount"]["total"]
            ):
                return 400, {"code": "INVALID_REQUEST", "message": "201 商户订单号重复"}
        else:
            prepay = "wx" + random_text(30)
            trade = self.trades[number] = {
                "appid": payload["appid"],
                "mchid": payload["mchid"],
                "out_trade_no": number,
                "trade_type": trade_type,
                "trade_state": "NOTPAY",
                "trade_state_desc": "订单未支付",
                "amount": {"total": payload["amount"]["total"], "currency": "CNY"},
                "notify_url": payload["notify_url"],
                "description": payload["description"],
                "code_url": f"weixin://wxpay/bizpayurl?pr={random_text(7)}",
                "h5_url": f"{self.url}/h5/checkmweb?prepay_id={prepay}&package={random_text(10)}",
            }
            if kind == "h5":
                trade["payer_client_ip"] = payload["scene_info"]["payer_client_ip"]
        if kind == "native":
            return 200, {"code_url": trade["code_url"]}
        return 200, {"h5_url": trade["h5_url"]}

    def _check_order(self, kind: str, payload: dict) -> str | None:
        for name in ("appid", "mchid", "description", "out_trade_no", "notify_url", "amount"):
            if not payload.get(name):
                return f"缺少参数 {name}"
        if payload["appid"] != self.app_id:
            return "appid和mch_id不匹配"
        if payload["mchid"] != self.mchid:
            return "mchid与请求头不一致"
        total = payload["amount"].get("total")
        if not isinstance(total, int) or isinstance(total, bool) or total <= 0:
            return "amount.total 必须是正整数 (分)"
        if (
            not payload["notify_url"].startswith(("http://", "https://"))
            or "?" in payload["notify_url"]
        ):
            return "notify_url 格式错误"
        if kind == "h5" and not payload.get("scene_info", {}).get("payer_client_ip"):
            return "缺少参数 scene_info.payer_client_ip"
        return None

    def _query(self, number: str, mchid: str) -> tuple[int, dict]:
        if mchid != self.mchid:
            return 400, {"code": "PARAM_ERROR", "message": "mchid 不正确"}
        if number not in self.trades:
            return 404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"}
        return 200, self.transaction(number)

    def _close(self, number: str, payload: dict) -> tuple[int, dict | None]:
        if payload.get("mchid") != self.mchid:
            return 400, {"code": "PARAM_ERROR", "message": "mchid 不正确"}
        trade = self.trades.get(number)
        if trade is None:
            return 404, {"code": "ORDER_NOT_EXIST", "message": "订单不存在"}
        if trade["trade_state"] == "SUCCESS":
            return 400, {"code": "ORDERPAID", "message": "订单已支付"}
        trade.update(trade_state="CLOSED", trade_state_desc="已关闭")
        return 204, None

    def _refund(self, payload: dict) -> tuple[int, dict]:
        if self.failing_refunds:
            self.failing_refunds -= 1
            return 500, {"code": "SYSTEM_ERROR", "message": "系统超时"}
        trade = next(
            (
                t
                for t in self.trades.values()
                if t.get("transaction_id") == payload.get("transaction_id")
                or t["out_trade_no"] == payload.get("out_trade_no")
            ),
            None,
        )
        if trade is None:
            return 404, {"code": "RESOURCE_NOT_EXISTS", "message": "订单不存在"}
        if trade["trade_state"] not in ("SUCCESS", "REFUND"):
            return 403, {"code": "INVALID_REQUEST", "message": "订单未支付"}
        amount = payload.get("amount", {})
        if amount.get("total") != trade["amount"]["total"] or amount.get("refund") != amount.get(
            "total"
        ):
            return 400, {"code": "PARAM_ERROR", "message": "退款金额与订单金额不一致"}
        number = payload.get("out_refund_no", "")
        refund = self.refunds.get(number)
        if refund is None:
            refund = self.refunds[number] = {
                "refund_id": "5030" + random_text(24),
                "out_refund_no": number,
                "transaction_id": trade["transaction_id"],
                "out_trade_no": trade["out_trade_no"],
                "channel": "ORIGINAL",
                "status": "PROCESSING",
                "create_time": now_text(),
                "amount": {"refund": amount["refund"], "total": amount["total"], "currency": "CNY"},
            }
            trade.update(trade_state="REFUND", trade_state_desc="转入退款")
        return 200, dict(refund)

    def _certificates(self) -> dict:
        nonce = random_text(12)
        return {
            "data": [
                {
                    "serial_no": self.platform_serial,
                    "effective_time": now_text(),
                    "expire_time": self.platform_certificate.not_valid_after_utc.isoformat(),
                    "encrypt_certificate": {
                        "algorithm": "AEAD_AES_256_GCM",
                        "nonce": nonce,
                        "associated_data": "certificate",
                        "ciphertext": self.seal(self.platform_pem, nonce, "certificate"),
                    },
                }
            ]
        }

    def _send_json(self, handler: BaseHTTPRequestHandler, status: int, answer: dict | None) -> None:
        body = "" if answer is None else json.dumps(answer, ensure_ascii=False)
        self._send(handler, status, body, "application/json", self.signed_headers(body))

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: str,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
