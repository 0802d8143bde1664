"""``/v1/users``: registration, SMS codes, activation, passwords, login providers."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import ConfigDict

from shopkit.accounts import services
from shopkit.accounts.links import activation_url, frontend_url, storefront_url
from shopkit.accounts.login_providers import services as login_providers
from shopkit.accounts.login_providers.base import NAME_PATTERN
from shopkit.accounts.sms.codes import send_sms_code
from shopkit.accounts.throttle import client_ip
from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.api.openapi import SuccessCode
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError

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
    code: SuccessCode
    username: str
    token: str | None = Field(description="null while token login waits for activation")
    carts_count: int
    data: TokenData


class MessageOut(Schema):
    code: SuccessCode
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
    code: SuccessCode
    oauth_url: str


class ProviderLoginOut(Schema):
    code: SuccessCode
    username: str
    token: str


class ProviderBindIn(UsersIn):
    uid: str = Field(max_length=200, description="the binding ticket from the 201 answer")
    username: str = Field(max_length=150)
    password: str = Field(max_length=128)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    verify: str | None = Field(None, max_length=10, description="SMS code")


def new_account(payload: RegisterIn | ProviderBindIn, username: str) -> services.NewAccount:
    """The account ``payload`` opens; each call names its username field its own way."""
    return services.NewAccount(
        username=username,
        password=payload.password,
        email=payload.email,
        phone=payload.phone,
        sms_code=payload.verify,
    )


@router.post("", response=RegisterOut, summary="Register a shopper")
def register(request: HttpRequest, payload: RegisterIn) -> dict:
    user = services.register_shopper(
        new_account(payload, payload.uname), activation_url(request, api=True)
    )
    try:
        token: str | None = services.login_token(user)
    except ShopkitError:
        token = None
    return success(username=user.get_username(), token=token, carts_count=0, data={"token": token})


@router.post("/sms/code", response=MessageOut, summary="Text a verification code")
def sms_code(request: HttpRequest, payload: PhoneIn) -> dict:
    send_sms_code(payload.phone, client_ip(request))
    return success(data="OK")


@router.get("/activation", response=MessageOut, summary="Activate an account")
def activation(
    request: HttpRequest,
    # A signed code is URL-safe base64 with ``:`` and ``.``: nothing needs escaping,
    # so the link stays within every server's request-line limit.
    code: str = Query(..., max_length=500, pattern=r"^[A-Za-z0-9_.:-]+$"),
) -> dict:
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


#: A login provider's name in the path: ``/v1/users/weibo/authorization``.
ProviderName = Path(..., max_length=20, pattern=NAME_PATTERN.pattern)


def provider_redirect_uri(request: HttpRequest, provider: str) -> str:
    """Where the provider sends the shopper back: the front end's
    ``"<provider>_callback"`` page when one is configured, else the storefront's."""
    return frontend_url(f"{provider}_callback") or storefront_url(
        request, "shopkit_accounts:oauth_callback", provider
    )


@router.get(
    "/{provider}/authorization",
    response=OAuthUrlOut,
    summary="Login URL of a login provider",
    description="`provider` is an active login provider's name, e.g. `weibo`.",
)
def provider_authorization(request: HttpRequest, provider: str = ProviderName) -> dict:
    url = login_providers.authorization_url(
        provider, provider_redirect_uri(request, provider), login_providers.make_state(provider)
    )
    return success(oauth_url=url)


@router.get(
    "/{provider}/users",
    response=ProviderLoginOut,
    summary="Log in with a login provider's callback code",
    description="Bound: a token. Not bound: `{code: 201, uid}` where `uid` is a binding "
    "ticket to send to `POST /v1/users/{provider}/users`. `state`, when sent, must be the "
    "one in the authorisation URL.",
)
def provider_login(
    request: HttpRequest,
    provider: str = ProviderName,
    code: str = Query(..., min_length=1, max_length=200),
    state: str | None = Query(None, max_length=200),
) -> dict:
    if state is not None:
        login_providers.check_state(provider, state)
    user = login_providers.user_for_code(provider, code, provider_redirect_uri(request, provider))
    logged_in = services.log_in_with_token(request, user)
    return success(username=user.get_username(), token=logged_in.token)


@router.post(
    "/{provider}/users", response=ProviderLoginOut, summary="Bind a login provider's account"
)
def provider_bind(
    request: HttpRequest, payload: ProviderBindIn, provider: str = ProviderName
) -> dict:
    user = login_providers.bind(
        request,
        provider,
        payload.uid,
        new_account(payload, payload.username),
        activation_url(request, api=True),
    )
    logged_in = services.log_in_with_token(request, user)
    return success(username=user.get_username(), token=logged_in.token)
