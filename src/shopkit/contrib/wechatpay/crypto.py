"""WeChat Pay API v3's cryptography, on ``cryptography``.

- Requests are signed with the merchant's private key: SHA256withRSA
  (PKCS#1 v1.5) over ``METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nBODY\\n``, sent in
  the ``Authorization`` header as ``WECHATPAY2-SHA256-RSA2048 mchid="…",…``.
- Answers and notifications are signed by WeChat's platform key over
  ``TIMESTAMP\\nNONCE\\nBODY\\n``; the ``Wechatpay-Serial`` header names the
  platform certificate that verifies them.
- Notification resources and the platform certificates of
  ``/v3/certificates`` are encrypted with AEAD_AES_256_GCM under the
  merchant's API v3 key.
"""

from __future__ import annotations

import base64
import binascii
import functools
import secrets
import time
from datetime import UTC, datetime
from typing import cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SCHEMA = "WECHATPAY2-SHA256-RSA2048"


class DecryptionError(ValueError):
    """A ciphertext that the API v3 key does not open (tampered, or another key's)."""


@functools.lru_cache(maxsize=16)
def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    """The merchant's RSA key from PEM; ``ValueError`` when it is not one."""
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA private key")
    return key


@functools.lru_cache(maxsize=32)
def load_certificate(pem: str) -> x509.Certificate:
    """A platform certificate from PEM; ``ValueError`` when it is not an RSA one."""
    certificate = x509.load_pem_x509_certificate(pem.encode())
    if not isinstance(certificate.public_key(), rsa.RSAPublicKey):
        raise ValueError("not an RSA certificate")
    return certificate


def serial_of(certificate: x509.Certificate) -> str:
    """The serial number as WeChat writes it: upper-case hexadecimal."""
    return format(certificate.serial_number, "X")


def is_current(certificate: x509.Certificate) -> bool:
    now = datetime.now(UTC)
    return certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc


def sign(private_key_pem: str, message: str) -> str:
    signature = load_private_key(private_key_pem).sign(
        message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()
    )
    return base64.b64encode(signature).decode("ascii")


def verify(certificate: x509.Certificate, message: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        # load_certificate() only lets RSA certificates through.
        public_key = cast(rsa.RSAPublicKey, certificate.public_key())
        public_key.verify(raw, message.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def message(*parts: str) -> str:
    """What WeChat signs: each part followed by a newline."""
    return "".join(f"{part}\n" for part in parts)


def authorization(
    mchid: str, serial_no: str, private_key_pem: str, method: str, path: str, body: str
) -> str:
    """The ``Authorization`` header of a request to ``path`` (with its query)."""
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    signature = sign(private_key_pem, message(method, path, timestamp, nonce, body))
    return (
        f'{SCHEMA} mchid="{mchid}",nonce_str="{nonce}",signature="{signature}",'
        f'timestamp="{timestamp}",serial_no="{serial_no}"'
    )


def decrypt(api_v3_key: str, nonce: str, associated_data: str, ciphertext: str) -> bytes:
    """Open an AEAD_AES_256_GCM resource; :class:`DecryptionError` if it does not open."""
    try:
        return AESGCM(api_v3_key.encode()).decrypt(
            nonce.encode(), base64.b64decode(ciphertext, validate=True), associated_data.encode()
        )
    except (InvalidTag, ValueError, binascii.Error) as exc:
        raise DecryptionError("the resource does not decrypt with the API v3 key") from exc
