"""``/v1/users``: registration, SMS codes, activation, passwords, Weibo login."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from shopkit.accounts import services
from shopkit.accounts.links import activation_url, frontend_url, storefront_url
from shopkit.accounts.sms.codes import send_sms_code
from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.contrib.weibo import services as weibo
from shopkit.contrib.weibo.provider import WeiboOAuth2
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.core.tokens import issue_token

router = Router(tags=["users"])


class UsersIn(Schema):
    """Numbers sent for text fields (phones, codes) are read as text."""

    model_config = ConfigDict(coerce_numbers_to_str=True)


class RegisterIn(UsersIn):
    uname: str = Field(max_length=150)
    password: str = Field(max_length=128)
    phone: str = Field(max_length=20)
    email: str = Field(max_length=254)
    verify: str | None = Field(None, max_length=10, description="SMS code")


class TokenData(Schema):
    token: str | None


class RegisterOut(Schema):
    code: int
    username: str
    token: str | None = Field(description="null while token login waits for activation")
    carts_count: int
    data: TokenData


class MessageOut(Schema):
    code: int
    data: str


class PhoneIn(UsersIn):
    phone: str = Field(max_length=20)


class EmailIn(UsersIn):
    email: str = Field(max_length=254)


class EmailCodeIn(EmailIn):
    code: str = Field(max_length=10)


class EmailMessageOut(MessageOut):
    email: str


class NewPasswordIn(EmailIn):
    password1: str = Field(max_length=128)
    password2: str = Field(max_length=128)


class ChangePasswordIn(UsersIn):
    oldpassword: str = Field(max_length=128)
    password1: str = Field(max_length=128)
    password2: str = Field(max_length=128)


class OAuthUrlOut(Schema):
    code: int
    oauth_url: str


class WeiboLoginOut(Schema):
    code: int
    username: str
    token: str


class WeiboBindIn(UsersIn):
    uid: str = Field(max_length=200, description="the binding ticket from the 201 answer")
    username: str = Field(max_length=150)
    password: str = Field(max_length=128)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    verify: str | None = Field(None, max_length=10, description="SMS code")


def login_token(user: AbstractBaseUser) -> str:
    """A token for ``user``, unless token login waits for activation."""
    services.check_login_permitted(user, session=False)
    return issue_token(user)


@router.post("", response=RegisterOut, summary="Register a shopper")
def register(request: HttpRequest, payload: RegisterIn) -> dict:
    user = services.register_shopper(
        username=payload.uname,
        password=payload.password,
        email=payload.email,
        phone=payload.phone,
        sms_code=payload.verify,
        activation_url=activation_url(request, api=True),
    )
    try:
        token: str | None = login_token(user)
    except ShopkitError:
        token = None
    return success(username=user.get_username(), token=token, carts_count=0, data={"token": token})


@router.post("/sms/code", response=MessageOut, summary="Text a verification code")
def sms_code(request: HttpRequest, payload: PhoneIn) -> dict:
    send_sms_code(payload.phone)
    return success(data="OK")


@router.get("/activation", response=MessageOut, summary="Activate an account")
def activation(request: HttpRequest, code: str = Query(..., max_length=500)) -> dict:
    user = services.activate(code)
    return success(data=_("Account %(name)s is active.") % {"name": user.get_username()})


@router.post("/activation", response=MessageOut, summary="Mail a new activation link")
def resend_activation(request: HttpRequest, payload: EmailIn) -> dict:
    services.resend_activation(payload.email, activation_url(request, api=True))
    return success(data=_("If the address waits for activation, a new link is on its way."))


@router.post("/password/sms", response=MessageOut, summary="Mail a password reset code")
def password_code(request: HttpRequest, payload: EmailIn) -> dict:
    services.send_reset_code(payload.email)
    return success(data=_("If the address belongs to an account, a code is on its way."))


@router.post(
    "/password/verification", response=EmailMessageOut, summary="Check a password reset code"
)
def password_verification(request: HttpRequest, payload: EmailCodeIn) -> dict:
    email = services.verify_reset_code(payload.email, payload.code)
    return success(data=_("Code accepted, choose a new password."), email=email)


@router.post("/password/new", response=MessageOut, summary="Set a new password after reset")
def password_new(request: HttpRequest, payload: NewPasswordIn) -> dict:
    services.reset_password(payload.email, payload.password1, payload.password2)
    return success(data=_("Password changed, please log in."))


@router.post("/{username}/password", response=MessageOut, auth=JWTAuth(), summary="Change password")
def change_password(request: HttpRequest, username: str, payload: ChangePasswordIn) -> dict:
    user = require_path_user(request, username, ErrorCode.USERS_USER_MISMATCH)
    services.change_password(user, payload.oldpassword, payload.password1, payload.password2)
    return success(data=_("Password changed."))


def weibo_redirect_uri(request: HttpRequest) -> str:
    return frontend_url("weibo_callback") or storefront_url(
        request, "shopkit_accounts:weibo_callback"
    )


@router.get("/weibo/authorization", response=OAuthUrlOut, summary="Weibo login URL")
def weibo_authorization(request: HttpRequest) -> dict:
    url = WeiboOAuth2().authorization_url(weibo_redirect_uri(request), weibo.make_state())
    return success(oauth_url=url)


@router.get(
    "/weibo/users",
    response=WeiboLoginOut,
    summary="Log in with a Weibo callback code",
    description="Bound: a token. Not bound: `{code: 201, uid}` where `uid` is a binding "
    "ticket to send to `POST /v1/users/weibo/users`. `state`, when sent, must be the one "
    "in the authorisation URL.",
)
def weibo_login(
    request: HttpRequest,
    code: str = Query(..., max_length=200),
    state: str | None = Query(None, max_length=200),
) -> dict:
    if state is not None:
        weibo.check_state(state)
    user = weibo.user_for_code(code, weibo_redirect_uri(request))
    return success(username=user.get_username(), token=login_token(user))


@router.post("/weibo/users", response=WeiboLoginOut, summary="Bind a Weibo account")
def weibo_bind(request: HttpRequest, payload: WeiboBindIn) -> dict:
    user = weibo.bind(
        request,
        payload.uid,
        username=payload.username,
        password=payload.password,
        email=payload.email,
        phone=payload.phone,
        sms_code=payload.verify,
        activation_url=activation_url(request, api=True),
    )
    return success(username=user.get_username(), token=login_token(user))
