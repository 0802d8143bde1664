"""``/v1/users/<u>/address…``: the token user's delivery addresses."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from shopkit.accounts import addresses
from shopkit.api.auth import JWTAuth, require_path_user
from shopkit.api.openapi import SuccessCode
from shopkit.core.codes import ErrorCode
from shopkit.core.envelope import success
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import RowId

router = Router(tags=["addresses"], auth=JWTAuth())


class AddressOut(Schema):
    id: int
    tag: str
    receiver: str
    address: str
    receiver_mobile: str
    postcode: str
    is_default: bool


class AddressListOut(Schema):
    code: SuccessCode
    addresslist: list[AddressOut]


class AddressChangeOut(AddressListOut):
    data: str


class AddressIn(Schema):
    """``receiver_phone`` (as the add form sends it) and ``receiver_mobile`` are the same field."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    receiver: str = Field(max_length=100)
    address: str = Field(max_length=500)
    receiver_mobile: str | None = Field(None, max_length=20)
    receiver_phone: str | None = Field(None, max_length=20)
    postcode: str | None = Field(None, max_length=20)
    tag: str = Field("", max_length=50)
    id: RowId | None = Field(None, description="on update, must equal the path id")

    def as_input(self) -> addresses.AddressInput:
        return addresses.AddressInput(
            receiver=self.receiver,
            address=self.address,
            receiver_mobile=self.receiver_mobile or self.receiver_phone or "",
            postcode=self.postcode,
            tag=self.tag,
        )


class AddressIdIn(Schema):
    id: RowId | None = Field(None, description="if sent, must equal the path id")


class DefaultAddressIn(Schema):
    id: RowId


def address_owner(
    request: HttpRequest, username: str, address_id: int, body_id: int | None
) -> AbstractBaseUser:
    """The token user named in the path, once the body's id (if sent) matches the path's."""
    user = require_path_user(request, username, ErrorCode.USERS_USER_MISMATCH)
    if body_id is not None and body_id != address_id:
        raise ShopkitError(ErrorCode.USERS_ADDRESS_INVALID, _("The body id differs from the path."))
    return user


def changed(user: AbstractBaseUser, message: str) -> dict:
    listed = [addresses.address_as_dict(a) for a in addresses.list_addresses(user)]
    return success(data=message, addresslist=listed)


@router.get("/{username}/address", response=AddressListOut, summary="List addresses")
def list_addresses(request: HttpRequest, username: str) -> dict:
    user = require_path_user(request, username, ErrorCode.USERS_USER_MISMATCH)
    listed = addresses.list_addresses(user)
    return success(addresslist=[addresses.address_as_dict(a) for a in listed])


@router.post("/{username}/address", response=AddressChangeOut, summary="Add an address")
def add_address(request: HttpRequest, username: str, payload: AddressIn) -> dict:
    user = require_path_user(request, username, ErrorCode.USERS_USER_MISMATCH)
    addresses.add_address(user, payload.as_input())
    return changed(user, _("Address added."))


@router.post(
    "/{username}/address/default", response=AddressChangeOut, summary="Make an address default"
)
def set_default(request: HttpRequest, username: str, payload: DefaultAddressIn) -> dict:
    user = require_path_user(request, username, ErrorCode.USERS_USER_MISMATCH)
    addresses.set_default_address(user, payload.id)
    return changed(user, _("Default address set."))


@router.put("/{username}/address/{address_id}", response=AddressChangeOut, summary="Edit")
def update_address(
    request: HttpRequest, username: str, address_id: int, payload: AddressIn
) -> dict:
    user = address_owner(request, username, address_id, payload.id)
    addresses.update_address(user, address_id, payload.as_input())
    return changed(user, _("Address saved."))


@router.delete("/{username}/address/{address_id}", response=AddressChangeOut, summary="Delete")
def delete_address(
    request: HttpRequest, username: str, address_id: int, payload: AddressIdIn
) -> dict:
    user = address_owner(request, username, address_id, payload.id)
    addresses.delete_address(user, address_id)
    return changed(user, _("Address deleted."))
