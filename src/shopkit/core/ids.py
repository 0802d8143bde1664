"""Row ids that come from outside, bounded by what a database key can hold.

An id past a 64-bit key is not just absent: SQLite cannot even bind it, so
such values are refused as bad input before any query.
"""

MAX_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    """Whether ``value`` can be the id of a row (positive, fits a 64-bit key)."""
    return 0 < value <= MAX_ID
