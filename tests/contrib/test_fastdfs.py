"""FastDFS storage against the local cluster in shopkit.testing.fastdfs_server."""

import re
import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import SimpleTestCase, override_settings

import shopkit.contrib.fastdfs
from shopkit.contrib.fastdfs import (
    FastDFSConnectionError,
    FastDFSStatusError,
    FastDFSStorage,
)
from shopkit.contrib.fastdfs.protocol import InvalidFileId, header
from shopkit.core.backends import get_storage
from shopkit.testing.fastdfs_server import LocalFastDFS
from shopkit.testing.storage import StorageContractTests
from tests.testapp.models import Document

ENOSPC = 28
FILE_ID = re.compile(r"group1/M00/[0-9A-F]{2}/[0-9A-F]{2}/[A-Za-z0-9_-]{27}\.jpg")


class FastDFSStorageContractTests(StorageContractTests, SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster = LocalFastDFS().start()
        cls.addClassCleanup(cls.cluster.stop)

    def make_storage(self):
        return FastDFSStorage(
            trackers=[self.cluster.tracker_address], base_url=self.cluster.base_url
        )


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


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


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
    address = closed_port()
    storage = FastDFSStorage(trackers=[address], connect_timeout=1, network_timeout=1)
    with pytest.raises(FastDFSConnectionError, match=f"no FastDFS tracker answered.*{address}"):
        storage.save("a.jpg", ContentFile(b"x"))


def test_the_next_tracker_is_tried_when_one_is_down(cluster):
    storage = FastDFSStorage(trackers=[closed_port(), cluster.tracker_address])
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
    with pytest.raises(ValueError, match="SHOPKIT_FASTDFS_BASE_URL"):
        storage.url("group1/M00/00/00/a.jpg")


@override_settings(SHOPKIT_FASTDFS_BASE_URL="http://img.example.com/files")
def test_url_joins_the_file_id_onto_the_base_url():
    storage = FastDFSStorage()
    assert (
        storage.url("group1/M00/00/00/a.jpg")
        == "http://img.example.com/files/group1/M00/00/00/a.jpg"
    )


@pytest.mark.parametrize(
    ("settings_override", "message"),
    [
        ({"SHOPKIT_FASTDFS_TRACKERS": "127.0.0.1:22122"}, "must be a list"),
        ({"SHOPKIT_FASTDFS_NETWORK_TIMEOUT": 0}, "positive number of seconds"),
        ({"SHOPKIT_FASTDFS_CONNECT_TIMEOUT": "5"}, "positive number of seconds"),
        ({"SHOPKIT_FASTDFS_PURPOSES": "sku_image"}, "list of purposes"),
    ],
)
def test_invalid_settings_are_improperly_configured(settings_override, message):
    with override_settings(**settings_override), pytest.raises(ImproperlyConfigured, match=message):
        shopkit.contrib.fastdfs.shopkit_storage("sku_image")
        FastDFSStorage().exists("group1/M00/00/00/a.jpg")


@pytest.mark.parametrize("trackers", [[], ["no-port"], ["host:0"], ["host:99999"]])
def test_invalid_tracker_addresses_are_rejected(trackers):
    with pytest.raises(ValueError, match="tracker|host:port"):
        FastDFSStorage(trackers=trackers).exists("group1/M00/00/00/a.jpg")


@override_settings(SHOPKIT_FASTDFS_PURPOSES=["sku_image"])
def test_plugin_serves_only_the_configured_purposes(shopkit_plugin):
    shopkit_plugin(shopkit.contrib.fastdfs, name="fastdfs")
    assert isinstance(get_storage("sku_image"), FastDFSStorage)
    assert isinstance(get_storage("banner"), FileSystemStorage)


def test_plugin_serves_every_purpose_by_default(shopkit_plugin):
    shopkit_plugin(shopkit.contrib.fastdfs, name="fastdfs")
    assert isinstance(get_storage("banner"), FastDFSStorage)


@pytest.fixture
def documents_on_fastdfs(cluster, shopkit_plugin, settings):
    settings.SHOPKIT_FASTDFS_TRACKERS = [cluster.tracker_address]
    settings.SHOPKIT_FASTDFS_NETWORK_TIMEOUT = 0.5
    shopkit_plugin(shopkit.contrib.fastdfs, name="fastdfs")


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
    with pytest.raises(shopkit.contrib.fastdfs.FastDFSError), transaction.atomic():
        Document.objects.create(title="草莓", file=ContentFile(b"berry", name="berry.jpg"))
    assert not Document.objects.exists()
    assert cluster.files == files_before
    # The connection is still usable: the failure did not poison the transaction.
    Document.objects.create(title="草莓", file=ContentFile(b"berry", name="berry.jpg"))
    assert Document.objects.count() == 1
