"""The address form: province, city and district chosen from cascading
selects, then the street.

The selects only offer choices; whether a chain of codes is valid is the
address service's rule (``shopkit.accounts.divisions.resolve``). Each
select lists the children of the value above it, as posted or as saved, so
without script a submit (or the "show cities and districts" button) brings
the next list.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shopkit.accounts import divisions
from shopkit.accounts.addresses import AddressInput
from shopkit.core.exceptions import ShopkitError
from shopkit.storefront.forms.accounts import add_service_error

#: The select whose value the next one lists the children of.
CASCADE = (("province_code", ""), ("city_code", "province_code"), ("district_code", "city_code"))


class DivisionSelect(forms.Select):
    """A select that carries its level, for ``address-divisions.js``."""

    def __init__(self, level: str) -> None:
        super().__init__(attrs={"data-division": level})


class AddressForm(forms.Form):
    receiver = forms.CharField(label=_("Receiver"), max_length=20)
    province_code = forms.CharField(label=_("Province"), widget=DivisionSelect("province"))
    city_code = forms.CharField(label=_("City"), required=False, widget=DivisionSelect("city"))
    district_code = forms.CharField(
        label=_("District"), required=False, widget=DivisionSelect("district")
    )
    street = forms.CharField(
        label=_("Street address"),
        max_length=100,
        help_text=_("Street, number, building and room."),
    )
    receiver_mobile = forms.CharField(label=_("Receiver's mobile phone"), max_length=11)
    postcode = forms.CharField(label=_("Postcode"), max_length=6, required=False)
    tag = forms.CharField(label=_("Tag (home, office…)"), max_length=10, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Selects with nothing to choose under the value above (东莞市 has no districts).
        self.nothing_below: set[str] = set()
        for name, above in CASCADE:
            parent = str(self[above].value() or "") if above else ""
            listed = self._children(parent) if parent or not above else ()
            if parent and not listed:
                self.nothing_below.add(name)
            self.fields[name].widget.choices = [("", gettext("— choose —"))] + [
                (d.code, d.name) for d in listed
            ]

    @staticmethod
    def _children(parent: str) -> tuple[divisions.Division, ...]:
        try:
            return divisions.children(parent)
        except ShopkitError:
            return ()  # a posted code that is no division: the service says so

    @classmethod
    def initial_for(cls, address: Any) -> dict[str, Any]:
        """The form's values for a saved address; a free-text one offers its
        whole line as the street."""
        initial = {name: getattr(address, name) for name in cls.base_fields}
        if not address.province_code:
            initial["street"] = address.address
        return initial

    def address_input(self) -> AddressInput:
        data = dict(self.cleaned_data)
        return AddressInput(address=data.pop("street"), **data)

    def add_service_error(self, error: ShopkitError) -> None:
        """Show ``error`` on the field it names (the whole line's length on the street)."""
        field = {"address": "street"}.get(error.data.get("field", ""), error.data.get("field"))
        if field in self.fields:
            self.add_error(field, gettext(error.message))
        else:
            add_service_error(self, error)
