"""Alipay's RSA2 signatures: SHA256withRSA (PKCS#1 v1.5) over the sorted
``key=value&…`` string of the non-empty parameters, base64 encoded.

Requests sign every parameter but ``sign``; notifications and returns are
verified over every parameter but ``sign`` and ``sign_type``. Keys may be PEM
or the bare base64 Alipay's console shows.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Collection, Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core.exceptions import ImproperlyConfigured

REQUEST_UNSIGNED = frozenset({"sign"})
MESSAGE_UNSIGNED = frozenset({"sign", "sign_type"})


def sign_content(params: Mapping[str, Any], unsigned: Collection[str]) -> str:
    """The string Alipay signs: sorted ``k=v`` pairs joined by ``&``, empty values left out."""
    return "&".join(
        f"{key}={value}"
        for key, value in sorted(params.items())
        if key not in unsigned and value not in ("", None)
    )


@functools.lru_cache(maxsize=16)
def load_private_key(text: str) -> rsa.RSAPrivateKey:
    try:
        if "-----BEGIN" in text:
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = serialization.load_der_private_key(base64.b64decode(text), password=None)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"The Alipay app private key cannot be read: {exc}") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured("The Alipay app private key must be an RSA key.")
    return key


@functools.lru_cache(maxsize=16)
def load_public_key(text: str) -> rsa.RSAPublicKey:
    try:
        if "-----BEGIN" in text:
            key = serialization.load_pem_public_key(text.encode())
        else:
            key = serialization.load_der_public_key(base64.b64decode(text))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(f"The Alipay public key cannot be read: {exc}") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise ImproperlyConfigured("The Alipay public key must be an RSA key.")
    return key


def rsa2_sign(private_key: str, content: str) -> str:
    signature = load_private_key(private_key).sign(
        content.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()
    )
    return base64.b64encode(signature).decode("ascii")


def rsa2_verify(public_key: str, content: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        load_public_key(public_key).verify(
            raw, content.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def signed_node(body: str, node: str) -> tuple[str, dict[str, Any], str | None]:
    """Split a gateway answer into the exact text of ``node`` (what Alipay
    signed), its parsed value and the ``sign`` beside it.

    Raises ``ValueError`` when the body is not such an answer.
    """
    document = json.loads(body)
    if not isinstance(document, dict) or not isinstance(document.get(node), dict):
        raise ValueError(f"no {node} in the answer")
    decoder = json.JSONDecoder()
    start = body.index(f'"{node}"')
    start = body.index(":", start + len(node) + 2) + 1
    while body[start] in " \t\r\n":
        start += 1
    value, end = decoder.raw_decode(body, start)
    if value != document[node]:
        raise ValueError(f"{node} appears twice")
    sign = document.get("sign")
    return body[start:end], value, sign if isinstance(sign, str) else None
