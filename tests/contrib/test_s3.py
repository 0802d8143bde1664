"""The S3 plugin against moto's S3 server (tests/conftest.py: ``local_s3``)."""

import urllib.request

import pytest
from botocore.exceptions import ClientError
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import SimpleTestCase, override_settings
from storages.backends.s3 import S3Storage

import shopkit.contrib.s3
from shopkit.core.backends import get_storage
from shopkit.testing.storage import StorageContractTests


class S3PluginStorageContractTests(StorageContractTests, SimpleTestCase):
    @pytest.fixture(autouse=True)
    def _use_local_s3(self, local_s3):
        self.s3 = local_s3

    def make_storage(self):
        with override_settings(SHOPKIT_S3_STORAGE_OPTIONS=self.s3.storage_options):
            return shopkit.contrib.s3.shopkit_storage("sku_image")


@pytest.fixture
def s3_plugin(local_s3, settings, shopkit_plugin):
    settings.SHOPKIT_S3_STORAGE_OPTIONS = local_s3.storage_options
    shopkit_plugin(shopkit.contrib.s3, name="s3")
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
    settings.SHOPKIT_S3_STORAGE_OPTIONS = {**s3_plugin.storage_options, "file_overwrite": True}
    storage = get_storage("banner")
    first, second = saved(storage, "same.txt", b"1"), saved(storage, "same.txt", b"2")
    assert first == second and storage.open(first).read() == b"2"


def test_a_purpose_keeps_one_storage_until_the_options_change(s3_plugin, settings):
    first = get_storage("sku_image")
    assert get_storage("sku_image") is first
    settings.SHOPKIT_S3_STORAGE_OPTIONS = {**s3_plugin.storage_options, "location": "media"}
    relocated = get_storage("sku_image")
    assert relocated is not first and relocated.location == "media"


def test_only_the_configured_purposes_go_to_s3(s3_plugin, settings):
    settings.SHOPKIT_S3_PURPOSES = ["sku_image"]
    assert isinstance(get_storage("sku_image"), S3Storage)
    assert isinstance(get_storage("banner"), FileSystemStorage)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["bucket_name", "shop"], "must be a dict"),
        ({"bucket": "shop"}, "Invalid setting 'bucket'"),
    ],
)
def test_invalid_options_are_improperly_configured(settings, options, message):
    settings.SHOPKIT_S3_STORAGE_OPTIONS = options
    with pytest.raises(ImproperlyConfigured, match=message):
        shopkit.contrib.s3.shopkit_storage("sku_image")
