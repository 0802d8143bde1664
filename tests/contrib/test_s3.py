"""The S3 package against moto's S3 server (tests/fixtures/services.py: ``local_s3``)."""

import urllib.request

import pytest
from botocore.exceptions import ClientError
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import override_settings

import shopkit.contrib.s3
from shopkit.contrib.s3.storage import S3Storage
from shopkit.core.backends import get_storage
from shopkit.core.checks import check_storage_plugins
from shopkit.core.seams import SeamNotConfigured
from shopkit.testing.storage import StorageContract


def on_s3(options, purposes=("sku_image", "banner")):
    """``STORAGES["s3"]`` holding ``options``, with ``purposes`` mapped to it."""
    return override_settings(
        STORAGES={**django_settings.STORAGES, "s3": {"OPTIONS": options}},
        SHOPKIT_STORAGE_ALIASES={purpose: "s3" for purpose in purposes},
    )


class TestS3PluginStorageContract(StorageContract):
    @pytest.fixture(autouse=True)
    def use_local_s3(self, local_s3):
        self.s3 = local_s3

    def make_storage(self):
        with on_s3(self.s3.storage_options):
            return shopkit.contrib.s3.shopkit_storage("sku_image")


@pytest.fixture
def s3_plugin(local_s3, settings, shopkit_plugin):
    """The package named in SHOPKIT_PLUGINS, SKU images and banners aliased to ``"s3"``."""
    settings.STORAGES = {**settings.STORAGES, "s3": {"OPTIONS": local_s3.storage_options}}
    settings.SHOPKIT_STORAGE_ALIASES = {"sku_image": "s3", "banner": "s3"}
    shopkit_plugin(shopkit.contrib.s3, name="shopkit.contrib.s3")
    return local_s3


def saved(storage, name, content):
    return storage.save(f"test-s3/{name}", ContentFile(content))


def test_a_saved_file_is_an_object_in_the_bucket(s3_plugin):
    name = saved(get_storage("sku_image"), "草莓.jpg", b"\xff\xd8 strawberry")
    stored = s3_plugin.client().get_object(Bucket=s3_plugin.bucket, Key=name)
    assert stored["Body"].read() == b"\xff\xd8 strawberry"
    assert stored["ContentType"] == "image/jpeg"


def test_the_url_serves_the_same_bytes_over_http(s3_plugin):
    storage = get_storage("sku_image")
    name = saved(storage, "served.png", b"\x89PNG bytes")
    url = storage.url(name)
    assert url.startswith(s3_plugin.endpoint_url)
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"\x89PNG bytes"
        assert response.headers["Content-Type"] == "image/png"


def test_delete_removes_the_object_from_the_bucket(s3_plugin):
    storage = get_storage("sku_image")
    name = saved(storage, "gone.txt", b"bye")
    storage.delete(name)
    with pytest.raises(ClientError) as missing:
        s3_plugin.client().head_object(Bucket=s3_plugin.bucket, Key=name)
    assert missing.value.response["Error"]["Code"] == "404"


def test_files_are_not_overwritten_unless_the_options_say_so(s3_plugin, settings):
    assert get_storage("banner").file_overwrite is False
    settings.STORAGES = {
        **settings.STORAGES,
        "s3": {"OPTIONS": {**s3_plugin.storage_options, "file_overwrite": True}},
    }
    storage = get_storage("banner")
    first, second = saved(storage, "same.txt", b"1"), saved(storage, "same.txt", b"2")
    assert first == second and storage.open(first).read() == b"2"


def test_a_purpose_keeps_one_storage_until_the_options_change(s3_plugin, settings):
    first = get_storage("sku_image")
    assert get_storage("sku_image") is first
    settings.STORAGES = {
        **settings.STORAGES,
        "s3": {"OPTIONS": {**s3_plugin.storage_options, "location": "media"}},
    }
    relocated = get_storage("sku_image")
    assert relocated is not first and relocated.location == "media"


def test_only_the_purposes_aliased_to_s3_go_to_s3(s3_plugin, settings):
    settings.SHOPKIT_STORAGE_ALIASES = {"sku_image": "s3"}
    assert isinstance(get_storage("sku_image"), S3Storage)
    assert isinstance(get_storage("banner"), FileSystemStorage)


def test_an_alias_with_its_own_backend_is_plain_django(s3_plugin, settings):
    """With a BACKEND the entry is Django's to build, plugin or not."""
    backend = "storages.backends.s3.S3Storage"
    options = s3_plugin.storage_options
    settings.STORAGES = {**settings.STORAGES, "s3": {"BACKEND": backend, "OPTIONS": options}}
    storage = get_storage("sku_image")
    assert type(storage).__module__ == "storages.backends.s3"
    assert storage.file_overwrite is True  # django-storages' default, not the package's


def test_without_the_plugin_the_alias_fails_and_the_check_says_which_plugin(local_s3):
    with on_s3(local_s3.storage_options):
        [error] = check_storage_plugins()
        with pytest.raises(SeamNotConfigured, match="needs the storage plugin of its name"):
            get_storage("sku_image")
    assert error.id == "shopkit.E014" and "STORAGES['s3']" in error.msg
    assert '"shopkit.contrib.s3"' in error.hint


def test_with_the_plugin_the_check_passes(s3_plugin):
    assert check_storage_plugins() == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["bucket_name", "shop"], r"STORAGES\['s3'\]\['OPTIONS'\] must be a dict"),
        ({"bucket": "shop"}, r"STORAGES\['s3'\]: Invalid setting 'bucket'"),
        (
            {"region_name": "us-east-1"},
            r"STORAGES\['s3'\]: S3Storage needs the option 'bucket_name'",
        ),
    ],
)
def test_invalid_options_are_improperly_configured_naming_the_alias(options, message):
    with on_s3(options), pytest.raises(ImproperlyConfigured, match=message):
        shopkit.contrib.s3.shopkit_storage("sku_image")
