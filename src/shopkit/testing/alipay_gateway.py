"""A local Alipay-compatible gateway for tests (needs ``cryptography``).

It holds its own RSA2 key pairs, generated when it is created: Alipay's
(it signs answers and notifications with it) and the merchant app's (tests
configure the provider with its private half; the gateway verifies requests
with the public half, as Alipay does with the key uploaded to its console).
It checks requests exactly as Alipay does — every parameter but ``sign``,
sorted, empty values left out, SHA256withRSA — and answers
``alipay.trade.query`` and ``alipay.trade.refund`` with signed JSON in
Alipay's response format. Its own canonicalisation is written here, apart
from the provider's, so a bug in one is not mirrored in the other::

    with LocalAlipayGateway() as gateway, registered_plugin(shopkit.contrib.alipay):
        settings.SHOPKIT_PAYMENT_PROVIDERS = {"alipay": {"OPTIONS": gateway.options()}}
        ...  # open the pay URL with gateway.open(url), then gateway.pay(order_id)
        client.post(notify_path, gateway.notification(order_id))
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from shopkit.testing.loopback import LoopbackServer

BEIJING = ZoneInfo("Asia/Shanghai")
GATEWAY_PATH = "/gateway.do"


def _private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _canonical(params: dict[str, str], leave_out: set[str]) -> bytes:
    pairs = sorted((k, v) for k, v in params.items() if k not in leave_out and v)
    return "&".join(f"{k}={v}" for k, v in pairs).encode("utf-8")


class RefundHold:
    """Refund calls waiting for the test: ``arrived`` is set when one is waiting."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self._released = threading.Event()

    def wait_for_release(self) -> None:
        self.arrived.set()
        self._released.wait(timeout=120)

    def release(self) -> None:
        self._released.set()


class LocalAlipayGateway(LoopbackServer):
    """Alipay's open API gateway, for one merchant app, on 127.0.0.1."""

    def __init__(self, app_id: str = "2021000000000001", seller_id: str = "2088000000000001"):
        super().__init__()
        self.app_id = app_id
        self.seller_id = seller_id
        self.alipay_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.app_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        #: out_trade_no → the trade (amount, status, trade number, URLs).
        self.trades: dict[str, dict[str, str]] = {}
        #: Every verified call, as ``(method, biz_content)``, oldest first.
        self.calls: list[tuple[str, dict[str, Any]]] = []
        #: ``(method, reason)`` of every request the gateway turned down.
        self.rejected: list[tuple[str, str]] = []
        #: How many coming refund calls answer Alipay's transient system error.
        self.failing_refunds = 0
        self._held_refunds: RefundHold | None = None
        self._lock = threading.Lock()

    # -- serving ----------------------------------------------------------------

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                gateway._answer(self, parts.path, parts.query)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                parts = urlsplit(self.path)
                gateway._answer(self, parts.path, "&".join(filter(None, [parts.query, body])))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler

    @property
    def url(self) -> str:
        return f"{self.origin}{GATEWAY_PATH}"

    # -- what a merchant configures ----------------------------------------------

    @property
    def app_private_key(self) -> str:
        return _private_pem(self.app_key)

    @property
    def alipay_public_key(self) -> str:
        return _public_pem(self.alipay_key)

    def options(self, **overrides: Any) -> dict[str, Any]:
        """``AlipayProvider`` options pointing at this gateway: the ``OPTIONS`` of
        ``SHOPKIT_PAYMENT_PROVIDERS["alipay"]``."""
        return {
            "app_id": self.app_id,
            "app_private_key": self.app_private_key,
            "alipay_public_key": self.alipay_public_key,
            "seller_id": self.seller_id,
            "gateway_url": self.url,
            "timeout": 5,
            **overrides,
        }

    # -- the shopper and Alipay's side -------------------------------------------

    def open(self, pay_url: str) -> int:
        """Open a page-pay URL as the shopper's browser does; the HTTP status."""
        with urllib.request.urlopen(pay_url, timeout=5) as response:
            return response.status

    def pay(self, out_trade_no: str) -> dict[str, str]:
        """The shopper pays an opened trade: it becomes ``TRADE_SUCCESS``."""
        with self._lock:
            trade = self.trades[out_trade_no]
            if trade["trade_status"] == "WAIT_BUYER_PAY":
                trade["trade_status"] = "TRADE_SUCCESS"
                trade["gmt_payment"] = self._now()
            return dict(trade)

    def notification(self, out_trade_no: str, **overrides: str) -> dict[str, str]:
        """The asynchronous notification of a trade, signed by Alipay.

        ``overrides`` change fields before signing (another app id, another
        amount…), so they make well-signed but wrong notifications.
        """
        trade = self.trades[out_trade_no]
        params = {
            "notify_time": self._now(),
            "notify_type": "trade_status_sync",
            "notify_id": secrets.token_hex(16),
            "app_id": self.app_id,
            "auth_app_id": self.app_id,
            "charset": "utf-8",
            "version": "1.0",
            "sign_type": "RSA2",
            "trade_no": trade["trade_no"],
            "out_trade_no": out_trade_no,
            "total_amount": trade["total_amount"],
            "receipt_amount": trade["total_amount"],
            "buyer_pay_amount": trade["total_amount"],
            "trade_status": trade["trade_status"],
            "seller_id": self.seller_id,
            "buyer_id": "2088102177846880",
            "subject": trade["subject"],
            "gmt_create": trade["gmt_create"],
            "gmt_payment": trade.get("gmt_payment", ""),
            **overrides,
        }
        return self.signed(params)

    def return_params(self, out_trade_no: str, **overrides: str) -> dict[str, str]:
        """The parameters the shopper's browser comes back to ``return_url`` with."""
        trade = self.trades[out_trade_no]
        params = {
            "charset": "utf-8",
            "out_trade_no": out_trade_no,
            "method": "alipay.trade.page.pay.return",
            "total_amount": trade["total_amount"],
            "trade_no": trade["trade_no"],
            "auth_app_id": self.app_id,
            "version": "1.0",
            "app_id": self.app_id,
            "sign_type": "RSA2",
            "seller_id": self.seller_id,
            "timestamp": self._now(),
            **overrides,
        }
        return self.signed(params)

    def signed(self, params: dict[str, str]) -> dict[str, str]:
        """``params`` plus Alipay's ``sign`` (over all but ``sign`` and ``sign_type``)."""
        content = _canonical(params, {"sign", "sign_type"})
        return {**params, "sign": self._sign(content)}

    def refunded(self, out_trade_no: str) -> bool:
        trade = self.trades.get(out_trade_no)
        return bool(trade and trade.get("refund_fee"))

    def methods_called(self) -> list[str]:
        return [method for method, _ in self.calls]

    # -- HTTP --------------------------------------------------------------------

    def _answer(self, handler: BaseHTTPRequestHandler, path: str, query: str) -> None:
        if path != GATEWAY_PATH:
            self._send(handler, 404, "text/plain", "not found")
            return
        params = dict(parse_qsl(query, keep_blank_values=True))
        method = params.get("method", "")
        problem = self._check_request(params)
        if problem:
            with self._lock:
                self.rejected.append((method, problem))
            node = {"code": "40002", "msg": "Invalid Arguments", "sub_code": problem}
            self._send_node(handler, method, node)
            return
        biz = json.loads(params["biz_content"])
        with self._lock:
            self.calls.append((method, biz))
            if method == "alipay.trade.page.pay":
                self._open_trade(params, biz)
                handled = None
            elif method == "alipay.trade.query":
                handled = self._query(biz)
            elif method == "alipay.trade.refund":
                hold = self._held_refunds
                if hold is not None:
                    # Outside the lock, so the rest of the gateway keeps answering.
                    self._lock.release()
                    try:
                        hold.wait_for_release()
                    finally:
                        self._lock.acquire()
                handled = self._refund(biz)
            else:
                handled = {
                    "code": "40004",
                    "msg": "Business Failed",
                    "sub_code": "isv.invalid-method",
                }
        if handled is None:
            self._send(handler, 200, "text/html; charset=utf-8", "<html>alipay cashier</html>")
        else:
            self._send_node(handler, method, handled)

    def _check_request(self, params: dict[str, str]) -> str | None:
        for name in ("app_id", "method", "charset", "sign_type", "sign", "timestamp", "version"):
            if not params.get(name):
                return f"isv.missing-{name}"
        if params["app_id"] != self.app_id:
            return "isv.invalid-app-id"
        if params["sign_type"] != "RSA2":
            return "isv.invalid-signature-type"
        try:
            self.app_key.public_key().verify(
                base64.b64decode(params["sign"], validate=True),
                _canonical(params, {"sign"}),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except (InvalidSignature, ValueError):
            return "isv.invalid-signature"
        try:
            biz = json.loads(params.get("biz_content", ""))
        except ValueError:
            return "isv.invalid-biz-content"
        if not isinstance(biz, dict) or not biz.get("out_trade_no"):
            return "isv.missing-out-trade-no"
        return None

    def _open_trade(self, params: dict[str, str], biz: dict[str, Any]) -> None:
        trade = self.trades.get(biz["out_trade_no"])
        if trade is None:
            self.trades[biz["out_trade_no"]] = {
                "out_trade_no": biz["out_trade_no"],
                "total_amount": biz["total_amount"],
                "subject": biz.get("subject", ""),
                "trade_no": datetime.now(BEIJING).strftime("%Y%m%d") + secrets.token_hex(10),
                "trade_status": "WAIT_BUYER_PAY",
                "gmt_create": self._now(),
                "notify_url": params.get("notify_url", ""),
                "return_url": params.get("return_url", ""),
            }

    def _query(self, biz: dict[str, Any]) -> dict[str, Any]:
        trade = self.trades.get(biz["out_trade_no"])
        if trade is None:
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_NOT_EXIST",
                "sub_msg": "交易不存在",
            }
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "buyer_logon_id": "buy***@example.com",
            "trade_status": trade["trade_status"],
            "total_amount": trade["total_amount"],
        }

    @contextmanager
    def holding_refunds(self) -> Iterator[RefundHold]:
        """Hold every refund call in the block until ``hold.release()``: as when
        Alipay is slow, for a test to act while a refund is under way. The held
        refund is then performed, even if its caller is gone."""
        hold = RefundHold()
        self._held_refunds = hold
        try:
            yield hold
        finally:
            self._held_refunds = None
            hold.release()

    def fail_next_refunds(self, times: int) -> None:
        """Answer the next ``times`` refund calls as Alipay does when it is
        briefly unavailable (``20000`` / ``ACQ.SYSTEM_ERROR``): nothing refunded."""
        with self._lock:
            self.failing_refunds = times

    def _refund(self, biz: dict[str, Any]) -> dict[str, Any]:
        if self.failing_refunds:
            self.failing_refunds -= 1
            return {
                "code": "20000",
                "msg": "Service Currently Unavailable",
                "sub_code": "ACQ.SYSTEM_ERROR",
                "sub_msg": "系统繁忙",
            }
        trade = self.trades.get(biz["out_trade_no"])
        if trade is None or trade["trade_status"] not in {"TRADE_SUCCESS", "TRADE_FINISHED"}:
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.TRADE_NOT_EXIST" if trade is None else "ACQ.TRADE_STATUS_ERROR",
            }
        if biz.get("refund_amount") != trade["total_amount"]:
            return {
                "code": "40004",
                "msg": "Business Failed",
                "sub_code": "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
            }
        fund_change = "N" if trade.get("refund_fee") else "Y"
        trade["refund_fee"] = trade["total_amount"]
        return {
            "code": "10000",
            "msg": "Success",
            "trade_no": trade["trade_no"],
            "out_trade_no": trade["out_trade_no"],
            "fund_change": fund_change,
            "refund_fee": trade["refund_fee"],
        }

    def _send_node(self, handler: BaseHTTPRequestHandler, method: str, node: dict) -> None:
        node_name = (method or "error").replace(".", "_") + "_response"
        node_json = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        signature = self._sign(node_json.encode("utf-8"))
        body = f'{{"{node_name}":{node_json},"sign":"{signature}"}}'
        self._send(handler, 200, "application/json;charset=utf-8", body)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _sign(self, content: bytes) -> str:
        signature = self.alipay_key.sign(content, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")

    @staticmethod
    def _now() -> str:
        return datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
