"""FastDFS storage against the local cluster in shopkit.testing.fastdfs_server."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import override_settings
from serving import free_port

import shopkit.contrib.fastdfs
from shopkit.contrib.fastdfs.client import FastDFSConnectionError, FastDFSError, FastDFSStatusError
from shopkit.contrib.fastdfs.protocol import InvalidFileId, header
from shopkit.contrib.fastdfs.storage import FastDFSStorage
from shopkit.core.backends import get_storage
from shopkit.core.checks import check_storage_plugins
from shopkit.testing.fastdfs_server import LocalFastDFS
from shopkit.testing.storage import StorageContract
from tests.testapp.models import Document

ENOSPC = 28
FILE_ID = re.compile(r"group1/M00/[0-9A-F]{2}/[0-9A-F]{2}/[A-Za-z0-9_-]{27}\.jpg")


def on_fastdfs(options, purposes=("sku_image",)):
    """``STORAGES["fastdfs"]`` holding ``options``, with ``purposes`` mapped to it."""
    return override_settings(
        STORAGES={**django_settings.STORAGES, "fastdfs": {"OPTIONS": options}},
        SHOPKIT_STORAGE_ALIASES={purpose: "fastdfs" for purpose in purposes},
    )


class TestFastDFSStorageContract(StorageContract):
    @pytest.fixture(autouse=True)
    def use_cluster(self, cluster):
        self.cluster = cluster

    def make_storage(self):
        options = {"trackers": [self.cluster.tracker_address], "base_url": self.cluster.base_url}
        with on_fastdfs(options):
            return shopkit.contrib.fastdfs.shopkit_storage("sku_image")


@pytest.fixture(scope="module")
def cluster():
    with LocalFastDFS() as running:
        yield running


@pytest.fixture
def storage(cluster):
    return FastDFSStorage(
        trackers=[cluster.tracker_address],
        base_url=cluster.base_url,
        connect_timeout=2,
        network_timeout=2,
    )


def test_header_is_length_command_status_big_endian():
    assert header(5, 11) == bytes.fromhex("00000000000000050b00")
    assert header(2**40, 101, 2) == bytes.fromhex("00000100000000006502")


def test_upload_sends_the_protocol_bytes_and_returns_a_fastdfs_file_id(cluster, storage):
    cluster.requests.clear()
    name = storage.save("商品/草莓.jpg", ContentFile(b"hello"))
    assert FILE_ID.fullmatch(name), name
    assert list(cluster.requests) == [
        (101, b""),
        (11, b"\x00" + (5).to_bytes(8, "big") + b"jpg\0\0\0" + b"hello"),
    ]


def test_download_asks_the_tracker_for_the_file_then_reads_all_of_it(cluster, storage):
    name = storage.save("a.jpg", ContentFile(b"strawberry"))
    group_field, remote = b"group1".ljust(16, b"\0"), name.removeprefix("group1/").encode()
    cluster.requests.clear()
    assert storage.open(name).read() == b"strawberry"
    assert list(cluster.requests) == [
        (102, group_field + remote),
        (14, bytes(16) + group_field + remote),
    ]


def test_delete_asks_the_tracker_where_to_update(cluster, storage):
    name = storage.save("a.jpg", ContentFile(b"x"))
    cluster.requests.clear()
    storage.delete(name)
    assert [command for command, _ in cluster.requests] == [103, 12]
    assert name not in cluster.files


def test_extensions_fastdfs_cannot_keep_are_dropped(storage):
    name = storage.save("archive.tar.toolong", ContentFile(b"x"))
    assert "." not in name.rsplit("/", 1)[1]


def test_created_time_is_the_upload_time(storage):
    name = storage.save("a.jpg", ContentFile(b"x"))
    created = storage.get_created_time(name)
    assert abs(created - datetime.now(UTC)) < timedelta(seconds=5)
    assert storage.get_modified_time(name) == created


def test_a_down_tracker_is_a_clear_connection_error():
    address = f"127.0.0.1:{free_port()}"
    storage = FastDFSStorage(trackers=[address], connect_timeout=1, network_timeout=1)
    with pytest.raises(FastDFSConnectionError, match=f"no FastDFS tracker answered.*{address}"):
        storage.save("a.jpg", ContentFile(b"x"))


def test_the_next_tracker_is_tried_when_one_is_down(cluster):
    storage = FastDFSStorage(trackers=[f"127.0.0.1:{free_port()}", cluster.tracker_address])
    name = storage.save("a.jpg", ContentFile(b"x"))
    assert storage.open(name).read() == b"x"


def test_a_storage_server_refusal_carries_its_status(cluster, storage):
    cluster.fail_next(11, ENOSPC)
    with pytest.raises(FastDFSStatusError) as refused:
        storage.save("a.jpg", ContentFile(b"x"))
    assert refused.value.status == ENOSPC and refused.value.command == 11
    assert f"status {ENOSPC}" in str(refused.value)


def test_a_silent_storage_server_times_out(cluster):
    storage = FastDFSStorage(trackers=[cluster.tracker_address], network_timeout=0.3)
    cluster.stall_next(11)
    with pytest.raises(FastDFSConnectionError, match="timed out"):
        storage.save("a.jpg", ContentFile(b"x"))


def test_names_that_are_not_file_ids_are_rejected_clearly(storage):
    for name in ["plain.jpg", "group1/../etc/passwd", "group1/M00/草莓.jpg", "g" * 17 + "/M00/a"]:
        with pytest.raises(InvalidFileId, match="is not a FastDFS file id"):
            storage.exists(name)


def test_files_open_read_only(storage):
    name = storage.save("a.jpg", ContentFile(b"x"))
    with pytest.raises(ValueError, match="'rb' mode only"):
        storage.open(name, "wb")


def test_url_needs_a_base_url(cluster):
    storage = FastDFSStorage(trackers=[cluster.tracker_address])
    with pytest.raises(ValueError, match=r"base_url option is set \(STORAGES\['fastdfs'\]"):
        storage.url("group1/M00/00/00/a.jpg")


def test_url_joins_the_file_id_onto_the_base_url():
    storage = FastDFSStorage(trackers=["127.0.0.1:22122"], base_url="http://img.example.com/files")
    assert (
        storage.url("group1/M00/00/00/a.jpg")
        == "http://img.example.com/files/group1/M00/00/00/a.jpg"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "'trackers'.* must be a non-empty list"),
        ({"trackers": "127.0.0.1:22122"}, "'trackers'.* must be a non-empty list"),
        ({"trackers": ["no-port"]}, "'trackers'.* is not 'host:port'"),
        ({"trackers": ["host:0"]}, "'trackers'.* is not 'host:port'"),
        ({"trackers": ["host:99999"]}, "'trackers'.* is not 'host:port'"),
        ({"trackers": ["h:1"], "network_timeout": 0}, "'network_timeout'.* positive number"),
        ({"trackers": ["h:1"], "connect_timeout": "5"}, "'connect_timeout'.* positive number"),
        ({"trackers": ["h:1"], "base_url": 5}, "'base_url'.* must be a URL"),
        ({"trackers": ["h:1"], "tracker": "h:2"}, "'tracker'.* is not an option"),
    ],
)
def test_invalid_options_are_improperly_configured_naming_alias_and_key(options, message):
    with on_fastdfs(options), pytest.raises(ImproperlyConfigured, match=message):
        shopkit.contrib.fastdfs.shopkit_storage("sku_image")


def test_a_bad_option_fails_building_the_storage_not_its_first_use():
    with pytest.raises(ImproperlyConfigured, match=r"STORAGES\['fastdfs'\]: FastDFSStorage option"):
        with on_fastdfs({"trackers": []}):
            shopkit.contrib.fastdfs.shopkit_storage("sku_image")


def test_plugin_serves_only_the_purposes_aliased_to_it(shopkit_plugin):
    with on_fastdfs({"trackers": ["127.0.0.1:22122"]}, purposes=["sku_image"]):
        shopkit_plugin(shopkit.contrib.fastdfs, name="shopkit.contrib.fastdfs")
        assert isinstance(get_storage("sku_image"), FastDFSStorage)
        assert isinstance(get_storage("banner"), FileSystemStorage)
        assert check_storage_plugins() == []


def test_without_the_plugin_the_check_names_it():
    with on_fastdfs({"trackers": ["127.0.0.1:22122"]}):
        [error] = check_storage_plugins()
    assert error.id == "shopkit.E014" and '"shopkit.contrib.fastdfs"' in error.hint


def test_an_alias_no_purpose_maps_to_is_a_check_error():
    with on_fastdfs({"trackers": ["127.0.0.1:22122"]}, purposes=[]):
        [error] = check_storage_plugins()
    assert error.id == "shopkit.E014" and "maps no purpose" in error.msg


@pytest.fixture
def documents_on_fastdfs(cluster, shopkit_plugin, settings):
    options = {"trackers": [cluster.tracker_address], "network_timeout": 0.5}
    settings.STORAGES = {**settings.STORAGES, "fastdfs": {"OPTIONS": options}}
    settings.SHOPKIT_STORAGE_ALIASES = {"test_document": "fastdfs"}
    shopkit_plugin(shopkit.contrib.fastdfs, name="shopkit.contrib.fastdfs")


def test_a_model_file_field_saves_to_fastdfs(cluster, documents_on_fastdfs, db):
    document = Document.objects.create(title="草莓", file=ContentFile(b"berry", name="berry.jpg"))
    stored = Document.objects.get(pk=document.pk)
    assert FILE_ID.fullmatch(stored.file.name)
    assert stored.file.read() == b"berry"


@pytest.mark.parametrize(
    "break_cluster",
    [
        lambda cluster: cluster.fail_next(11, ENOSPC),
        lambda cluster: cluster.stall_next(11),
        lambda cluster: cluster.fail_next(101, ENOSPC),
    ],
    ids=["storage refuses", "storage times out", "tracker refuses"],
)
def test_a_cluster_error_leaves_no_half_saved_model(
    cluster, documents_on_fastdfs, db, break_cluster
):
    files_before = dict(cluster.files)
    break_cluster(cluster)
    with pytest.raises(FastDFSError), transaction.atomic():
        Document.objects.create(title="草莓", file=ContentFile(b"berry", name="berry.jpg"))
    assert not Document.objects.exists()
    assert cluster.files == files_before
    # The connection is still usable: the failure did not poison the transaction.
    Document.objects.create(title="草莓", file=ContentFile(b"berry", name="berry.jpg"))
    assert Document.objects.count() == 1
