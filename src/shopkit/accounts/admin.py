from django.contrib import admin

from shopkit.accounts.models import Address, OAuthBinding, Shopper


@admin.register(Shopper)
class ShopperAdmin(admin.ModelAdmin):
    list_display = ["user", "phone", "activated_at", "created_at"]
    search_fields = ["user__username", "phone"]
    raw_id_fields = ["user"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["user", "receiver", "receiver_mobile", "address", "is_default", "is_deleted"]
    list_filter = ["is_default", "is_deleted"]
    search_fields = ["user__username", "receiver", "receiver_mobile"]
    raw_id_fields = ["user"]


@admin.register(OAuthBinding)
class OAuthBindingAdmin(admin.ModelAdmin):
    list_display = ["provider", "uid", "user", "created_at"]
    list_filter = ["provider"]
    search_fields = ["uid", "user__username"]
    raw_id_fields = ["user"]
