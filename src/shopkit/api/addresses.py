"""``/v1/users/<u>/address…``: the token user's delivery addresses, and
``/v1/users/divisions``: the provinces, cities and districts they are made of."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from shopkit.accounts import addresses, divisions
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
    province_code: str = Field(description='GB/T 2260 code, "" when the address is free text')
    province: str
    city_code: str
    city: str
    district_code: str
    district: str
    street: str = Field(description="what follows the district in `address`")


class AddressListOut(Schema):
    code: SuccessCode
    addresslist: list[AddressOut]


class AddressChangeOut(AddressListOut):
    data: str


#: Extra characters a code may arrive with (spaces) before the service rejects it.
CODE_LENGTH = 20


class AddressIn(Schema):
    """``receiver_phone`` (as the add form sends it) and ``receiver_mobile`` are the same field.

    Without codes, ``address`` is the whole address on one line, read into
    province, city and district where it starts with their names. With
    codes, it is the street (division names at its start are dropped).
    """

    model_config = ConfigDict(coerce_numbers_to_str=True)

    receiver: str = Field(max_length=100)
    address: str = Field(max_length=500)
    receiver_mobile: str | None = Field(None, max_length=20)
    receiver_phone: str | None = Field(None, max_length=20)
    postcode: str | None = Field(None, max_length=20)
    tag: str = Field("", max_length=50)
    id: RowId | None = Field(None, description="on update, must equal the path id")
    province_code: str | None = Field(
        None, max_length=CODE_LENGTH, description="GB/T 2260 code (`/v1/users/divisions`)"
    )
    city_code: str | None = Field(None, max_length=CODE_LENGTH, description="in the province")
    district_code: str | None = Field(None, max_length=CODE_LENGTH, description="in the city")

    def as_input(self) -> addresses.AddressInput:
        return addresses.AddressInput(
            receiver=self.receiver,
            address=self.address,
            receiver_mobile=self.receiver_mobile or self.receiver_phone or "",
            postcode=self.postcode,
            tag=self.tag,
            province_code=self.province_code or "",
            city_code=self.city_code or "",
            district_code=self.district_code or "",
        )


class AddressIdIn(Schema):
    id: RowId | None = Field(None, description="if sent, must equal the path id")


class DefaultAddressIn(Schema):
    id: RowId


class DivisionOut(Schema):
    code: str = Field(description="six-digit GB/T 2260 code")
    name: str


class DivisionListOut(Schema):
    code: SuccessCode
    data: list[DivisionOut]


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


@router.get(
    "/divisions", response=DivisionListOut, auth=None, summary="Provinces, cities or districts"
)
def list_divisions(
    request: HttpRequest,
    response: HttpResponse,
    parent: str = Query("", max_length=CODE_LENGTH, description="a code; none: the provinces"),
) -> dict:
    """The provinces, or the divisions directly below ``parent`` (a code from
    this list); empty below a city without districts. Cacheable for a day."""
    listed = divisions.children(parent)
    patch_cache_control(response, public=True, max_age=divisions.MAX_AGE)
    return success(data=[{"code": d.code, "name": d.name} for d in listed])


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
