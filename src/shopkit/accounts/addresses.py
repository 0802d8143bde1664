"""Delivery addresses: one default per shopper, the first becomes it, soft
delete, a per-shopper limit, and every lookup scoped to its owner (another
shopper's address is "not found", never shown or changed).

An address is structured (province, city and district codes from
:mod:`shopkit.accounts.divisions`, and the street) when the input gives the
codes or its one-line text starts with division names; otherwise it is kept
as given. Either way ``address`` holds the whole line, division names first,
which is what orders copy and the dadashop front end shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from shopkit.accounts.divisions import Divisions, resolve
from shopkit.accounts.divisions_parse import parse_address
from shopkit.accounts.models import Address
from shopkit.accounts.validation import POSTCODE_RE, clean_phone
from shopkit.conf import app_settings
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.ids import is_row_id, parse_int


@dataclass(frozen=True)
class AddressInput:
    receiver: str
    #: The whole address on one line; with codes, the street (division names
    #: at its start are dropped, so the whole line does too).
    address: str
    receiver_mobile: str
    #: ``None`` keeps the postcode an update does not mention.
    postcode: str | None = None
    tag: str = ""
    province_code: str = ""
    city_code: str = ""
    district_code: str = ""

    def divisions(self) -> tuple[Divisions, str]:
        """The divisions and the street: from the codes when any is given
        (checked by :func:`~shopkit.accounts.divisions.resolve`), else read
        off the text where it starts with division names, else none."""
        text = (self.address or "").strip()
        codes = (self.province_code or "", self.city_code or "", self.district_code or "")
        parsed = parse_address(text)
        if not "".join(codes).strip():
            return (parsed.divisions, parsed.street) if parsed else (Divisions(), text)
        divisions = resolve(*codes)
        # The line may repeat the chosen names (广东省广州市…): keep them once.
        if parsed and parsed.divisions.chain == divisions.chain[: len(parsed.divisions.chain)]:
            return divisions, parsed.street
        return divisions, text

    def cleaned(self) -> dict[str, str]:
        """The fields stripped and checked; ``USERS_ADDRESS_INVALID`` or
        ``USERS_PHONE_INVALID`` names the first bad one (``data["field"]``
        names it too)."""
        divisions, street = self.divisions()
        values = {
            "receiver": (self.receiver or "").strip(),
            "address": divisions.text + street,
            "street": street,
            **divisions.fields(),
            "receiver_mobile": clean_phone(self.receiver_mobile),
            "postcode": (self.postcode or "").strip(),
            "tag": (self.tag or "").strip(),
        }
        limits = {"receiver": (1, 20), "address": (1, 100), "tag": (0, 10)}
        for field, (shortest, longest) in limits.items():
            if not shortest <= len(values[field]) <= longest:
                raise ShopkitError(
                    ErrorCode.USERS_ADDRESS_INVALID,
                    _("%(field)s must be %(min)d to %(max)d characters.")
                    % {"field": field, "min": shortest, "max": longest},
                    field=field,
                )
        if values["postcode"] and not POSTCODE_RE.match(values["postcode"]):
            raise ShopkitError(
                ErrorCode.USERS_ADDRESS_INVALID, _("A postcode is 6 digits."), field="postcode"
            )
        return values


def list_addresses(user: AbstractBaseUser) -> list[Address]:
    """The shopper's addresses, the default first."""
    return list(Address.objects.alive().filter(user=user))


def own_address(user: AbstractBaseUser, address_id: Any) -> dict[str, Any]:
    """The column values that pick ``user``'s own, not deleted address
    ``address_id`` (``USERS_ADDRESS_NOT_FOUND`` if it cannot be an id)."""
    try:
        pk = parse_int(address_id)
    except ValueError:
        raise ShopkitError(ErrorCode.USERS_ADDRESS_NOT_FOUND) from None
    if not is_row_id(pk):
        raise ShopkitError(ErrorCode.USERS_ADDRESS_NOT_FOUND)
    return {"id": pk, "user_id": user.pk, "is_deleted": False}


def get_address(user: AbstractBaseUser, address_id: Any) -> Address:
    """The shopper's own, not deleted address ``address_id``."""
    try:
        return Address.objects.get(**own_address(user, address_id))
    except Address.DoesNotExist:
        raise ShopkitError(ErrorCode.USERS_ADDRESS_NOT_FOUND) from None


def default_address(user: AbstractBaseUser) -> Address | None:
    return Address.objects.alive().filter(user=user, is_default=True).first()


def _lock_shopper(user: AbstractBaseUser) -> None:
    """Serialise address changes of one shopper (limit and default stay exact)."""
    get_user_model()._default_manager.select_for_update().filter(pk=user.pk).first()


def add_address(user: AbstractBaseUser, data: AddressInput) -> Address:
    """Save a new address; the shopper's first becomes the default."""
    values = data.cleaned()
    with transaction.atomic():
        _lock_shopper(user)
        alive = Address.objects.alive().filter(user=user)
        if alive.count() >= app_settings.ADDRESS_LIMIT:
            raise ShopkitError(ErrorCode.USERS_ADDRESS_LIMIT)
        is_first = not alive.filter(is_default=True).exists()
        return Address.objects.create(user=user, is_default=is_first, **values)


def update_address(user: AbstractBaseUser, address_id: Any, data: AddressInput) -> Address:
    values = data.cleaned()
    if data.postcode is None:
        del values["postcode"]
    with transaction.atomic():
        _lock_shopper(user)
        address = get_address(user, address_id)
        for field, value in values.items():
            setattr(address, field, value)
        address.save()
    return address


def delete_address(user: AbstractBaseUser, address_id: Any) -> None:
    """Mark the address deleted; if it was the default, the newest other one takes over."""
    with transaction.atomic():
        _lock_shopper(user)
        address = get_address(user, address_id)
        address.is_deleted, address.is_default = True, False
        address.save(update_fields=["is_deleted", "is_default", "updated_at"])
        alive = Address.objects.alive().filter(user=user)
        if not alive.filter(is_default=True).exists():
            successor = alive.order_by("-updated_at", "-id").first()
            if successor is not None:
                alive.filter(pk=successor.pk).update(is_default=True)


def set_default_address(user: AbstractBaseUser, address_id: Any) -> Address:
    with transaction.atomic():
        _lock_shopper(user)
        address = get_address(user, address_id)
        Address.objects.alive().filter(user=user, is_default=True).exclude(pk=address.pk).update(
            is_default=False
        )
        if not address.is_default:
            address.is_default = True
            address.save(update_fields=["is_default", "updated_at"])
    return address


def address_as_dict(address: Address) -> dict[str, Any]:
    """The API's address object."""
    return {
        "id": address.pk,
        "tag": address.tag,
        "receiver": address.receiver,
        "address": address.address,
        "receiver_mobile": address.receiver_mobile,
        "postcode": address.postcode,
        "is_default": address.is_default,
        # Beyond API.md's address object: its parts ("" where not structured).
        "province_code": address.province_code,
        "province": address.province,
        "city_code": address.city_code,
        "city": address.city,
        "district_code": address.district_code,
        "district": address.district,
        "street": address.street,
    }
