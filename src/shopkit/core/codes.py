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
    PROVIDER_ACCOUNT_NOT_BOUND = 201, "Third-party account not bound"
    BAD_REQUEST = 400, "Bad request"
    NOT_LOGGED_IN = 403, "Please login"
    NOT_FOUND = 404, "Not found"
    METHOD_NOT_ALLOWED = 405, "Method not allowed"
    SERVER_ERROR = 500, "Server error"
    SERVICE_UNAVAILABLE = 503, "Temporarily unavailable, try again later"

    # users 10100–10199
    USERS_BAD_PARAMETER = 10100, "Invalid user parameter"
    USERS_USER_MISMATCH = 10101, "User mismatch"
    USERS_USERNAME_INVALID = 10102, "Invalid username"
    USERS_USERNAME_TAKEN = 10103, "Username already taken"
    USERS_PASSWORD_INVALID = 10104, "Password not accepted"
    USERS_PASSWORDS_DIFFER = 10105, "The two passwords differ"
    USERS_EMAIL_INVALID = 10106, "Invalid email address"
    USERS_EMAIL_TAKEN = 10107, "Email address already registered"
    USERS_PHONE_INVALID = 10108, "Invalid mobile phone number"
    USERS_PHONE_TAKEN = 10109, "Mobile phone number already registered"
    USERS_SMS_CODE_INVALID = 10110, "Wrong or expired SMS code"
    USERS_CODE_TOO_FREQUENT = 10111, "Code requested too often, try again later"
    USERS_SMS_UNAVAILABLE = 10112, "SMS could not be sent"
    USERS_LOGIN_FAILED = 10113, "Wrong username or password"
    USERS_LOGIN_LOCKED = 10114, "Too many failed logins, try again later"
    USERS_NOT_ACTIVATED = 10115, "Account not activated, check your email"
    USERS_ACTIVATION_INVALID = 10116, "Invalid activation link"
    USERS_ACTIVATION_EXPIRED = 10117, "Activation link expired"
    USERS_OLD_PASSWORD_WRONG = 10118, "Old password is wrong"
    USERS_RESET_CODE_INVALID = 10119, "Wrong or expired reset code"
    USERS_RESET_NOT_VERIFIED = 10120, "Verify the reset code first"
    USERS_ADDRESS_INVALID = 10121, "Invalid address"
    USERS_ADDRESS_NOT_FOUND = 10122, "Address not found"
    USERS_ADDRESS_LIMIT = 10123, "Address limit reached"
    USERS_LOGIN_PROVIDER_FAILED = 10124, "Third-party login failed"
    USERS_BINDING_EXPIRED = 10125, "Binding expired, log in with the other site again"
    USERS_PROVIDER_ALREADY_BOUND = 10126, "Account already bound to another account of that site"
    USERS_LOGIN_PROVIDER_UNKNOWN = 10127, "This login method is not available"

    # goods 10200–10299
    GOODS_BAD_PARAMETER = 10200, "Invalid goods parameter"
    GOODS_CATEGORY_NOT_FOUND = 10201, "Category not found"
    GOODS_SKU_NOT_FOUND = 10202, "Goods not found or not on sale"
    GOODS_SEARCH_QUERY_EMPTY = 10203, "Enter something to search for"

    # carts 10300–10399
    CARTS_BAD_PARAMETER = 10300, "Invalid cart parameter"
    CARTS_USER_MISMATCH = 10301, "User mismatch"
    CARTS_SKU_NOT_FOUND = 10302, "This product does not exist or is not on sale"
    CARTS_OVER_STOCK = 10303, "Not enough stock for the cart"
    CARTS_LINE_NOT_FOUND = 10304, "The goods are not in the cart"
    CARTS_TOO_MANY_LINES = 10305, "The cart is full"
    CARTS_COUNT_LIMIT = 10306, "Too many of one product"

    # orders 10400–10499
    ORDERS_BAD_PARAMETER = 10400, "Invalid order parameter"
    ORDERS_USER_MISMATCH = 10401, "User mismatch"
    ORDERS_NOT_FOUND = 10402, "Order not found"
    ORDERS_NOTHING_TO_BUY = 10403, "Nothing selected to buy"
    ORDERS_SKU_UNAVAILABLE = 10404, "A product is no longer on sale"
    ORDERS_OUT_OF_STOCK = 10405, "Not enough stock"
    ORDERS_DUPLICATE_SUBMIT = 10406, "The order is already being placed"
    ORDERS_ILLEGAL_TRANSITION = 10407, "The order cannot do that in its current status"
    ORDERS_NOT_COMMENTABLE = 10408, "Only received orders can be commented"
    ORDERS_ALREADY_COMMENTED = 10409, "That line is already commented"
    ORDERS_LINE_NOT_FOUND = 10410, "That product is not in the order"
    ORDERS_LIMIT_EXCEEDED = 10411, "More than one order may hold"

    # pays 10500–10599
    PAYS_BAD_PARAMETER = 10500, "Invalid payment parameter"
    PAYS_NOT_CONFIRMED = 10501, "Payment not confirmed yet"
    PAYS_PROVIDER_UNKNOWN = 10502, "Unknown payment provider"
    PAYS_ORDER_NOT_FOUND = 10503, "No such order to pay"
    PAYS_ORDER_NOT_PAYABLE = 10504, "Only unpaid orders can be paid"
    PAYS_SIGNATURE_INVALID = 10505, "Payment message could not be verified"
    PAYS_AMOUNT_MISMATCH = 10506, "Paid amount differs from the order total"
    PAYS_PROVIDER_UNAVAILABLE = 10507, "Payment provider could not be reached"
    PAYS_REFUND_FAILED = 10508, "Refund failed"


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
