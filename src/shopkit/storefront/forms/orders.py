"""The place-order form: which of the shopper's addresses, which payment provider."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shopkit.accounts.models import Address
from shopkit.payments.registry import default_provider_name


class PlaceOrderForm(forms.Form):
    address = forms.TypedChoiceField(label=_("Deliver to"), coerce=int, widget=forms.RadioSelect)
    provider = forms.ChoiceField(label=_("Pay with"), widget=forms.RadioSelect)

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        addresses: Sequence[Address],
        providers: Mapping[str, Any],
    ) -> None:
        super().__init__(data)
        address_field: forms.ChoiceField = self.fields["address"]  # type: ignore[assignment]
        provider_field: forms.ChoiceField = self.fields["provider"]  # type: ignore[assignment]
        address_field.choices = [(a.pk, _address_label(a)) for a in addresses]
        provider_field.choices = [(name, p.title or name) for name, p in providers.items()]
        # Addresses come default first, so the first one is the default choice.
        address_field.initial = addresses[0].pk if addresses else None
        default_provider = default_provider_name()
        provider_field.initial = default_provider if default_provider in providers else None


def _address_label(address: Address) -> str:
    tag = f"[{address.tag}] " if address.tag else ""
    return f"{tag}{address.receiver} {address.receiver_mobile} {address.address}"
