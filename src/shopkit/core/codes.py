"""Every error code the JSON API can answer with, in one enum.

Each module owns a range (see ``MODULE_RANGES``); a member's name starts with
its module's name. The reference page ``docs/reference/error-codes.md`` lists
every member, and a test keeps the two in step.
"""

from __future__ import annotations

from enum import IntEnum


class ErrorCode(IntEnum):
    message: str

    def __new__(cls, value: int, message: str) -> ErrorCode:
        member = int.__new__(cls, value)
        member._value_ = value
        member.message = message
        return member

    # General codes shared by every module.
    OK = 200, "OK"
    WEIBO_NOT_BOUND = 201, "Weibo account not bound"
    BAD_REQUEST = 400, "Bad request"
    NOT_LOGGED_IN = 403, "Please login"
    NOT_FOUND = 404, "Not found"
    METHOD_NOT_ALLOWED = 405, "Method not allowed"
    SERVER_ERROR = 500, "Server error"

    # users 10100–10199
    USERS_BAD_PARAMETER = 10100, "Invalid user parameter"
    USERS_USER_MISMATCH = 10101, "User mismatch"

    # goods 10200–10299
    GOODS_BAD_PARAMETER = 10200, "Invalid goods parameter"
    GOODS_CATEGORY_NOT_FOUND = 10201, "Category not found"
    GOODS_SKU_NOT_FOUND = 10202, "Goods not found or not on sale"

    # carts 10300–10399
    CARTS_BAD_PARAMETER = 10300, "Invalid cart parameter"
    CARTS_USER_MISMATCH = 10301, "User mismatch"

    # orders 10400–10499
    ORDERS_BAD_PARAMETER = 10400, "Invalid order parameter"
    ORDERS_USER_MISMATCH = 10401, "User mismatch"

    # pays 10500–10599
    PAYS_BAD_PARAMETER = 10500, "Invalid payment parameter"


MODULE_RANGES: dict[str, range] = {
    "users": range(10100, 10200),
    "goods": range(10200, 10300),
    "carts": range(10300, 10400),
    "orders": range(10400, 10500),
    "pays": range(10500, 10600),
}

BAD_PARAMETER_CODES: dict[str, ErrorCode] = {
    "users": ErrorCode.USERS_BAD_PARAMETER,
    "goods": ErrorCode.GOODS_BAD_PARAMETER,
    "carts": ErrorCode.CARTS_BAD_PARAMETER,
    "orders": ErrorCode.ORDERS_BAD_PARAMETER,
    "pays": ErrorCode.PAYS_BAD_PARAMETER,
}

#: The first path segment below the API prefix, mapped to the module that owns it.
PATH_MODULES: dict[str, str] = {
    "users": "users",
    "tokens": "users",
    "goods": "goods",
    "carts": "carts",
    "orders": "orders",
    "pays": "pays",
}


def bad_parameter_code_for_path(path_below_prefix: str) -> ErrorCode:
    """The bad-parameter code of the module serving ``path_below_prefix``."""
    module = PATH_MODULES.get(path_below_prefix.lstrip("/").split("/", 1)[0])
    return BAD_PARAMETER_CODES[module] if module else ErrorCode.BAD_REQUEST
