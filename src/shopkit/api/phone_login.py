"""``/v1/users/sms/login…`` and ``/v1/users/<u>/phone…``: signing in with a
mobile number and a texted code, and binding a number to the signed-in account."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router

from shopkit.accounts import phone_login, services
from shopkit.accounts.sms.codes import CodePurpose, send_sms_code
from shopkit.accounts.throttle import client_ip
from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.api.tokens import OfflineCart, TokenLoginOut
from shopkit.api.users import MessageOut, PhoneIn
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success

router = Router(tags=["users"])


class PhoneCodeIn(PhoneIn):
    code: str = Field(max_length=10, description="the code texted to `phone`")


class SmsLoginIn(PhoneCodeIn):
    cart: OfflineCart = Field(default_factory=list)


class SmsLoginOut(TokenLoginOut):
    """``POST /v1/tokens``'s answer, plus whether the number opened a new account."""

    created: bool = Field(
        description="true when no account had proved the number and one was created"
    )
    message: str


class PhoneBoundOut(MessageOut):
    phone: str


SENT = "OK"


@router.post(
    "/sms/login/code",
    response=MessageOut,
    summary="Text a sign-in code",
    description="Answers the same whether or not the number has an account; rate limited "
    "per number and per client address.",
)
def sms_login_code(request: HttpRequest, payload: PhoneIn) -> dict:
    send_sms_code(payload.phone, client_ip(request), CodePurpose.LOGIN)
    return success(data=SENT)


@router.post(
    "/sms/login",
    response=SmsLoginOut,
    summary="Log in with a texted code",
    description="The account that proved the number gets a token; a number no account "
    "proved opens one (`created: true`, generated username, no password until one is set).",
)
def sms_login(request: HttpRequest, payload: SmsLoginIn) -> dict:
    signed_in = phone_login.user_for_phone_code(request, payload.phone, payload.code)
    lines = [services.OfflineCartLine(item.id, item.count) for item in payload.cart]
    logged_in = services.log_in_with_token(request, signed_in.user, lines)
    name = signed_in.user.get_username()
    if signed_in.created:
        message = _(
            "An account named %(name)s was created for this number. "
            "Set a password to log in with it too."
        ) % {"name": name}
    else:
        message = _("Logged in.")
    return success(
        username=name,
        token=logged_in.token,
        len=logged_in.cart_count,
        carts_count=logged_in.cart_count,
        data={"token": logged_in.token, "len": logged_in.cart_count},
        created=signed_in.created,
        message=message,
    )


@router.post(
    "/{username}/phone/code",
    response=MessageOut,
    auth=JWTAuth(),
    summary="Text a code to bind a number",
)
def phone_code(request: HttpRequest, username: str, payload: PhoneIn) -> dict:
    require_path_user(request, username, ErrorCode.USERS_USER_MISMATCH)
    send_sms_code(payload.phone, client_ip(request), CodePurpose.BIND)
    return success(data=SENT)


@router.post(
    "/{username}/phone",
    response=PhoneBoundOut,
    auth=JWTAuth(),
    summary="Bind a number with its texted code",
    description="Refused (`USERS_PHONE_TAKEN`) if another account proved the number.",
)
def phone_bind(request: HttpRequest, username: str, payload: PhoneCodeIn) -> dict:
    user = require_path_user(request, username, ErrorCode.USERS_USER_MISMATCH)
    phone = phone_login.bind_phone(request, user, payload.phone, payload.code)
    return success(data=_("Your mobile number %(phone)s is bound.") % {"phone": phone}, phone=phone)
