"""Talking to WeChat Pay's API v3: signed requests, verified answers, and the
platform certificates that verify them.

Every request carries the merchant's signature; every answer, error answers
included, must carry a valid platform signature, or it is treated as the
provider being unreachable (``PAYS_PROVIDER_UNAVAILABLE``): an unverified
answer is never believed. Platform certificates come from the provider's
options or, without them, from ``/v3/certificates``: each is decrypted with
the API v3 key, and the answer itself must verify with one of them.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from shopkit.contrib.wechatpay import crypto
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

logger = logging.getLogger(__name__)

CERTIFICATES_PATH = "/v3/certificates"
#: An unknown serial sends for the certificates again at most this often, so
#: forged notifications naming made-up serials cannot make the shop hammer WeChat.
REFRESH_INTERVAL = 60.0
SIGNATURE_HEADERS = ("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature")


@dataclass(frozen=True)
class Answer:
    """A verified answer: its HTTP status and JSON body (``{}`` when empty)."""

    status: int
    data: dict[str, Any]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class WechatPayClient:
    """One merchant's connection to the API: ``base_url`` is WeChat's, or the
    local gateway's in tests."""

    def __init__(
        self,
        *,
        mchid: str,
        serial_no: str,
        private_key: str,
        api_v3_key: str,
        base_url: str,
        timeout: float,
        certificates: Iterable[x509.Certificate] = (),
    ) -> None:
        self.mchid = mchid
        self.serial_no = serial_no
        self.private_key = private_key
        self.api_v3_key = api_v3_key
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.configured = {crypto.serial_of(cert): cert for cert in certificates}
        self._fetched: dict[str, x509.Certificate] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    # -- platform certificates ---------------------------------------------------

    def certificate(self, serial: str) -> x509.Certificate | None:
        """The current platform certificate with ``serial``, if WeChat has one."""
        if self.configured:
            found = self.configured.get(serial)
        else:
            with self._lock:
                due = (
                    self._fetched_at is None
                    or time.monotonic() - self._fetched_at >= REFRESH_INTERVAL
                )
                if serial not in self._fetched and due:
                    self._fetched = self.fetch_certificates()
                    self._fetched_at = time.monotonic()
                found = self._fetched.get(serial)
        return found if found is not None and crypto.is_current(found) else None

    def fetch_certificates(self) -> dict[str, x509.Certificate]:
        """WeChat's platform certificates from ``/v3/certificates``, by serial."""
        status, headers, body = self._send("GET", CERTIFICATES_PATH, "")
        try:
            entries = json.loads(body)["data"]
            certificates = {}
            for entry in entries:
                sealed = entry["encrypt_certificate"]
                if sealed["algorithm"] != "AEAD_AES_256_GCM":
                    raise ValueError(f"unknown algorithm {sealed['algorithm']!r}")
                pem = crypto.decrypt(
                    self.api_v3_key,
                    sealed["nonce"],
                    sealed["associated_data"],
                    sealed["ciphertext"],
                ).decode()
                certificate = crypto.load_certificate(pem)
                certificates[crypto.serial_of(certificate)] = certificate
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning("WeChat Pay certificates answer unreadable (%s): %s", status, exc)
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE) from exc
        # Decrypting proves the API v3 key's holder sealed them; the answer
        # must also be signed by one of them.
        self._verify(headers, body, certificates.get)
        return certificates

    def signature_problem(
        self, timestamp: str, nonce: str, signature: str, serial: str, body: str
    ) -> str | None:
        """Why a message (an answer or a notification) is not WeChat's, or ``None``."""
        if not (timestamp and nonce and signature and serial):
            return "unsigned"
        certificate = self.certificate(serial)
        if certificate is None:
            return f"no current platform certificate {serial!r}"
        if not crypto.verify(certificate, crypto.message(timestamp, nonce, body), signature):
            return "bad signature"
        return None

    # -- requests ------------------------------------------------------------------

    def request(self, method: str, path: str, payload: Mapping[str, Any] | None = None) -> Answer:
        """Call the API; the verified answer, whatever its status."""
        body = "" if payload is None else json.dumps(payload, ensure_ascii=False)
        status, headers, text = self._send(method, path, body)
        self._verify(headers, text, self.certificate)
        try:
            data = json.loads(text) if text else {}
        except ValueError as exc:
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE) from exc
        if not isinstance(data, dict):
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)
        return Answer(status, data)

    def _verify(self, headers: Mapping[str, str], body: str, certificate_for: Any) -> None:
        """Believe an answer only when a platform certificate verifies it."""
        timestamp, nonce, signature, serial = (
            headers.get(name) or "" for name in (*SIGNATURE_HEADERS, "Wechatpay-Serial")
        )
        certificate = certificate_for(serial)
        if certificate is None or not crypto.verify(
            certificate, crypto.message(timestamp, nonce, body), signature
        ):
            logger.warning("WeChat Pay answer failed signature verification")
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE)

    def _send(self, method: str, path: str, body: str) -> tuple[int, Mapping[str, str], str]:
        authorization = crypto.authorization(
            self.mchid, self.serial_no, self.private_key, method, path, body
        )
        request = urllib.request.Request(
            self.base_url + path,
            data=body.encode() if body else None,
            method=method,
            headers={
                "Authorization": authorization,
                "Accept": "application/json",
                "Content-Type": "application/json",
                "User-Agent": "shopkit-wechatpay",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.headers, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read().decode("utf-8", "replace")
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as exc:
            logger.warning("WeChat Pay %s %s failed: %s", method, path, exc)
            raise ShopkitError(ErrorCode.PAYS_PROVIDER_UNAVAILABLE) from exc
