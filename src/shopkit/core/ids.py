"""Row ids and counts that come from outside.

An id past a 64-bit key is not just absent: SQLite cannot even bind it, so
such values are refused as bad input before any query.

Ids and counts arrive as JSON integers or as strings of ASCII digits. Python's
``int()`` is looser than that: it takes ``True`` as 1, Arabic-Indic or
full-width digits (``'٣'`` is 3) and underscores, so input goes through
``parse_int`` (or the ``WholeNumber`` schema type) instead.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator

MAX_ID = 2**63 - 1

# ASCII only (``\d`` would match any Unicode digit); 20 digits is past any 64-bit id.
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,20}")


def is_row_id(value: int) -> bool:
    """Whether ``value`` can be the id of a row (positive, fits a 64-bit key)."""
    return 0 < value <= MAX_ID


def parse_int(value: object) -> int:
    """``value`` as an int if it is an int (not a bool) or a string of ASCII
    digits (surrounding spaces allowed), else ``ValueError``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip(" \t")
        if _WHOLE_NUMBER.fullmatch(text):
            return int(text)
    raise ValueError("must be a whole number")


#: An ``int`` schema field that also takes a digit string, but no bool, float
#: or non-ASCII digit.
WholeNumber = Annotated[int, BeforeValidator(parse_int)]
