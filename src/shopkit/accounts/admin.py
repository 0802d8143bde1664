from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from shopkit.accounts.addresses import AddressInput
from shopkit.accounts.models import Address, OAuthBinding, Shopper
from shopkit.core.exceptions import ShopkitError


@admin.register(Shopper)
class ShopperAdmin(admin.ModelAdmin):
    list_display = ["user", "phone", "phone_verified_at", "activated_at", "created_at"]
    list_filter = [("phone_verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "phone"]
    raw_id_fields = ["user"]
    readonly_fields = ["phone_verified_at"]

    def save_model(self, request: HttpRequest, obj: Shopper, form: Any, change: bool) -> None:
        # Only the shopper's code proves a number; one staff type in is unproved.
        if "phone" in form.changed_data:
            obj.phone_verified_at = None
        super().save_model(request, obj, form, change)


class AddressAdminForm(forms.ModelForm):
    """Staff edit the codes and the street; the address service checks them
    (the district in the city, the city in the province) and writes the
    names and the whole line, as for a shopper's own edit."""

    class Meta:
        model = Address
        fields = [
            "user",
            "receiver",
            "receiver_mobile",
            "province_code",
            "city_code",
            "district_code",
            "street",
            "postcode",
            "tag",
            "is_default",
            "is_deleted",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        entered = AddressInput(
            receiver=data.get("receiver", ""),
            address=data.get("street", ""),
            receiver_mobile=data.get("receiver_mobile", ""),
            postcode=data.get("postcode", ""),
            tag=data.get("tag", ""),
            province_code=data.get("province_code", ""),
            city_code=data.get("city_code", ""),
            district_code=data.get("district_code", ""),
        )
        try:
            self.address_values = entered.cleaned()
        except ShopkitError as error:
            field = error.data.get("field")
            self.add_error(field if field in self.fields else "street", error.message)
        return data

    def save(self, commit: bool = True) -> Address:
        for field, value in self.address_values.items():
            setattr(self.instance, field, value)
        return super().save(commit)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    form = AddressAdminForm
    list_display = [
        "user",
        "receiver",
        "receiver_mobile",
        "province",
        "city",
        "district",
        "address",
        "is_default",
        "is_deleted",
    ]
    list_filter = ["is_default", "is_deleted", "province"]
    search_fields = ["user__username", "receiver", "receiver_mobile", "address"]
    raw_id_fields = ["user"]
    readonly_fields = ["address", "province", "city", "district"]


@admin.register(OAuthBinding)
class OAuthBindingAdmin(admin.ModelAdmin):
    list_display = ["provider", "uid", "user", "created_at"]
    list_filter = ["provider"]
    search_fields = ["uid", "user__username"]
    raw_id_fields = ["user"]
