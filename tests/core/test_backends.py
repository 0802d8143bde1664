from django.core.cache import caches
from django.core.files.storage import FileSystemStorage
from django.test import override_settings

from shopkit import hookimpl
from shopkit.core.backends import PurposeStorage, get_cache, get_storage

STORAGES_WITH_MEDIA_ALIAS = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "sku_media": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/tmp/sku-media"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(
    STORAGES=STORAGES_WITH_MEDIA_ALIAS, SHOPKIT_STORAGE_ALIASES={"sku_image": "sku_media"}
)
def test_storage_purpose_maps_to_django_storages_alias():
    assert get_storage("sku_image").location == "/tmp/sku-media"
    assert get_storage("banner").location != "/tmp/sku-media"


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    },
    SHOPKIT_CACHE_ALIASES={"page": "pages"},
)
def test_cache_purpose_maps_to_django_caches_alias():
    assert get_cache("page") is caches["pages"]
    assert get_cache("cart") is caches["default"]


class OtherStorage:
    storage = FileSystemStorage(location="/tmp/plugin-storage")

    @hookimpl
    def shopkit_storage(self, purpose):
        return self.storage if purpose == "banner" else None


def test_purpose_storage_asks_the_plugins_on_first_use_not_at_creation(shopkit_plugin):
    lazy = PurposeStorage("banner")  # created before the plugin exists, like a model field
    shopkit_plugin(OtherStorage(), name="other-storage")
    assert lazy.location == "/tmp/plugin-storage"


def test_plugin_returning_none_falls_through_to_default(shopkit_plugin):
    shopkit_plugin(OtherStorage(), name="other-storage")
    assert get_storage("sku_image").location == FileSystemStorage().location
