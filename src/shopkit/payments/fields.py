"""Reading provider messages exactly as they were sent.

Signatures are computed over the decoded values, so a value must reach the
verifier unchanged: no stripping, no type coercion, no silently kept "last
value" of a repeated key.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qsl

from django.utils.translation import gettext, gettext_noop

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

MAX_FIELDS = 100


def parse_form(raw: str | bytes) -> dict[str, str]:
    """A query string or form body as ``{name: value}``, values decoded but untouched.

    Raises ``PAYS_BAD_PARAMETER`` for bytes that are not UTF-8, malformed
    pairs, repeated names, an absurd number of fields or a NUL byte (which
    no provider sends and PostgreSQL cannot store).
    """
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER) from None
    if not raw:
        return {}
    try:
        pairs = parse_qsl(
            raw,
            keep_blank_values=True,
            strict_parsing=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except (ValueError, UnicodeDecodeError):
        raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER) from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        if "\x00" in name or "\x00" in value:
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("NUL character in a field")
            )
        if name in fields:
            raise ShopkitError(
                ErrorCode.PAYS_BAD_PARAMETER, gettext("Repeated field %(name)r") % {"name": name}
            )
        fields[name] = value
    return fields


def required(data: Mapping[str, Any], name: str, max_length: int = 256) -> str:
    """``data[name]`` as a non-empty string of sane length, else ``PAYS_BAD_PARAMETER``."""
    value = data.get(name)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise ShopkitError(
            ErrorCode.PAYS_BAD_PARAMETER, gettext("Missing or invalid %(name)r") % {"name": name}
        )
    return value


def parse_amount(value: object) -> Decimal:
    """A positive amount with at most two decimal places, else ``PAYS_BAD_PARAMETER``."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Invalid amount")) from None
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Invalid amount"))
    if amount >= Decimal("100000000"):
        raise ShopkitError(ErrorCode.PAYS_BAD_PARAMETER, gettext_noop("Invalid amount"))
    return amount.quantize(Decimal("0.01"))
