"""Row ids and counts that come from outside.

An id past a 64-bit key is not just absent: SQLite cannot even bind it, so
such values are refused as bad input before any query.

Ids and counts arrive as JSON integers (``1.0`` is one) or as strings of ASCII digits. Python's
``int()`` is looser than that: it takes ``True`` as 1, Arabic-Indic or
full-width digits (``'٣'`` is 3) and underscores, so input goes through
``parse_int`` (or a ``positive_whole_number`` schema type) instead.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticKnownError

MAX_ID = 2**63 - 1

# ASCII only (``\d`` would match any Unicode digit); 20 digits is past any 64-bit id.
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,20}")

#: The text ``parse_int`` reads, as a pattern for schemas (spaces and tabs around).
WHOLE_NUMBER_TEXT = r"[ \t]*[+-]?[0-9]{1,20}[ \t]*"


def is_row_id(value: int) -> bool:
    """Whether ``value`` can be the id of a row (positive, fits a 64-bit key)."""
    return 0 < value <= MAX_ID


def parse_int(value: object) -> int:
    """``value`` as an int if it is an int (not a bool), a float with no
    fraction, or a string of ASCII digits (surrounding spaces allowed), else
    ``ValueError``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # JSON's 1.0 is the integer 1 (JSON Schema agrees)
    if isinstance(value, str):
        text = value.strip(" \t")
        if _WHOLE_NUMBER.fullmatch(text):
            return int(text)
    raise ValueError("must be a whole number")


def _digits_up_to(maximum: int) -> str:
    """A pattern for the digit strings of 1 to ``maximum``: exact below 10 and
    for 99, 999…, else up to the largest ``10**k - 1`` under ``maximum``."""
    if maximum < 10:
        number = f"[1-{maximum}]"
    else:
        number = f"[1-9][0-9]{{0,{len(str(maximum + 1)) - 2}}}"
    return rf"^[ \t]*\+?{number}[ \t]*$"


def positive_whole_number(maximum: int = MAX_ID) -> Any:
    """An ``int`` schema field from 1 to ``maximum``, as a JSON integer or a
    string of ASCII digits (no bool, float or non-ASCII digit); its OpenAPI
    schema names both forms, so a client or a fuzzer knows what is valid."""

    # pydantic's own error types, which the API words in the request's language.
    def parse(value: object) -> int:
        try:
            number = parse_int(value)
        except ValueError:
            raise PydanticKnownError("int_type") from None
        if number < 1:
            raise PydanticKnownError("greater_than_equal", {"ge": 1})
        if number > maximum:
            raise PydanticKnownError("less_than_equal", {"le": maximum})
        return number

    both_forms = {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": maximum},
            {"type": "string", "pattern": _digits_up_to(maximum)},
        ]
    }
    return Annotated[int, BeforeValidator(parse), WithJsonSchema(both_forms)]


#: A row id from outside: a positive 64-bit key.
RowId = positive_whole_number()
