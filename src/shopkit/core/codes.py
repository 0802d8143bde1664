"""Every error code the JSON API can answer with, in one enum.

Each module owns a range (see ``MODULE_RANGES``); a member's name starts with
its module's name. The reference page ``docs/reference/error-codes.md`` lists
every member, and a test keeps the two in step.

Messages are English msgids, only marked here: the envelope and the
storefront translate them when they answer, in the request's language.
"""

from __future__ import annotations

from enum import IntEnum


def _(message: str) -> str:
    """Marks ``message`` for ``makemessages``, like Django's ``gettext_noop``,
    which needs settings: this module is imported before there are any."""
    return message


class ErrorCode(IntEnum):
    message: str

    def __new__(cls, value: int, message: str) -> ErrorCode:
        member = int.__new__(cls, value)
        member._value_ = value
        member.message = message
        return member

    # General codes shared by every module.
    OK = 200, _("OK")
    PROVIDER_ACCOUNT_NOT_BOUND = 201, _("Third-party account not bound")
    BAD_REQUEST = 400, _("Bad request")
    NOT_LOGGED_IN = 403, _("Please login")
    NOT_FOUND = 404, _("Not found")
    METHOD_NOT_ALLOWED = 405, _("Method not allowed")
    SERVER_ERROR = 500, _("Server error")
    SERVICE_UNAVAILABLE = 503, _("Temporarily unavailable, try again later")

    # users 10100–10199
    USERS_BAD_PARAMETER = 10100, _("Invalid user parameter")
    USERS_USER_MISMATCH = 10101, _("User mismatch")
    USERS_USERNAME_INVALID = 10102, _("Invalid username")
    USERS_USERNAME_TAKEN = 10103, _("Username already taken")
    USERS_PASSWORD_INVALID = 10104, _("Password not accepted")
    USERS_PASSWORDS_DIFFER = 10105, _("The two passwords differ")
    USERS_EMAIL_INVALID = 10106, _("Invalid email address")
    USERS_EMAIL_TAKEN = 10107, _("Email address already registered")
    USERS_PHONE_INVALID = 10108, _("Invalid mobile phone number")
    USERS_PHONE_TAKEN = 10109, _("Mobile phone number already registered")
    USERS_SMS_CODE_INVALID = 10110, _("Wrong or expired SMS code")
    USERS_CODE_TOO_FREQUENT = 10111, _("Code requested too often, try again later")
    USERS_SMS_UNAVAILABLE = 10112, _("SMS could not be sent")
    USERS_LOGIN_FAILED = 10113, _("Wrong username or password")
    USERS_LOGIN_LOCKED = 10114, _("Too many failed logins, try again later")
    USERS_NOT_ACTIVATED = 10115, _("Account not activated, check your email")
    USERS_ACTIVATION_INVALID = 10116, _("Invalid activation link")
    USERS_ACTIVATION_EXPIRED = 10117, _("Activation link expired")
    USERS_OLD_PASSWORD_WRONG = 10118, _("Old password is wrong")
    USERS_RESET_CODE_INVALID = 10119, _("Wrong or expired reset code")
    USERS_RESET_NOT_VERIFIED = 10120, _("Verify the reset code first")
    USERS_ADDRESS_INVALID = 10121, _("Invalid address")
    USERS_ADDRESS_NOT_FOUND = 10122, _("Address not found")
    USERS_ADDRESS_LIMIT = 10123, _("Address limit reached")
    USERS_LOGIN_PROVIDER_FAILED = 10124, _("Third-party login failed")
    USERS_BINDING_EXPIRED = 10125, _("Binding expired, log in with the other site again")
    USERS_PROVIDER_ALREADY_BOUND = 10126, _("Account already bound to another account of that site")
    USERS_LOGIN_PROVIDER_UNKNOWN = 10127, _("This login method is not available")
    USERS_PHONE_ACCOUNT_DISABLED = 10128, _("The account with this mobile number is disabled")

    # goods 10200–10299
    GOODS_BAD_PARAMETER = 10200, _("Invalid goods parameter")
    GOODS_CATEGORY_NOT_FOUND = 10201, _("Category not found")
    GOODS_SKU_NOT_FOUND = 10202, _("Goods not found or not on sale")
    GOODS_SEARCH_QUERY_EMPTY = 10203, _("Enter something to search for")

    # carts 10300–10399
    CARTS_BAD_PARAMETER = 10300, _("Invalid cart parameter")
    CARTS_USER_MISMATCH = 10301, _("User mismatch")
    CARTS_SKU_NOT_FOUND = 10302, _("This product does not exist or is not on sale")
    CARTS_OVER_STOCK = 10303, _("Not enough stock for the cart")
    CARTS_LINE_NOT_FOUND = 10304, _("The goods are not in the cart")
    CARTS_TOO_MANY_LINES = 10305, _("The cart is full")
    CARTS_COUNT_LIMIT = 10306, _("Too many of one product")

    # orders 10400–10499
    ORDERS_BAD_PARAMETER = 10400, _("Invalid order parameter")
    ORDERS_USER_MISMATCH = 10401, _("User mismatch")
    ORDERS_NOT_FOUND = 10402, _("Order not found")
    ORDERS_NOTHING_TO_BUY = 10403, _("Nothing selected to buy")
    ORDERS_SKU_UNAVAILABLE = 10404, _("A product is no longer on sale")
    ORDERS_OUT_OF_STOCK = 10405, _("Not enough stock")
    ORDERS_DUPLICATE_SUBMIT = 10406, _("The order is already being placed")
    ORDERS_ILLEGAL_TRANSITION = 10407, _("The order cannot do that in its current status")
    ORDERS_NOT_COMMENTABLE = 10408, _("Only received orders can be commented")
    ORDERS_ALREADY_COMMENTED = 10409, _("That line is already commented")
    ORDERS_LINE_NOT_FOUND = 10410, _("That product is not in the order")
    ORDERS_LIMIT_EXCEEDED = 10411, _("More than one order may hold")

    # pays 10500–10599
    PAYS_BAD_PARAMETER = 10500, _("Invalid payment parameter")
    PAYS_NOT_CONFIRMED = 10501, _("Payment not confirmed yet")
    PAYS_PROVIDER_UNKNOWN = 10502, _("Unknown payment provider")
    PAYS_ORDER_NOT_FOUND = 10503, _("No such order to pay")
    PAYS_ORDER_NOT_PAYABLE = 10504, _("Only unpaid orders can be paid")
    PAYS_SIGNATURE_INVALID = 10505, _("Payment message could not be verified")
    PAYS_AMOUNT_MISMATCH = 10506, _("Paid amount differs from the order total")
    PAYS_PROVIDER_UNAVAILABLE = 10507, _("Payment provider could not be reached")
    PAYS_REFUND_FAILED = 10508, _("Refund failed")


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
