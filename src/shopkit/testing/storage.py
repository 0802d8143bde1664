"""Contract tests every file storage used by shopkit must pass.

Subclass :class:`StorageContract` in a pytest test class (its name must start
with ``Test``) and implement :meth:`~StorageContract.make_storage`::

    from shopkit.testing.storage import StorageContract

    class TestMyStorage(StorageContract):
        def make_storage(self):
            return MyStorage(bucket="test")

Start the service the storage talks to in a fixture the class requests.
Every file a test saves is deleted again when the test ends.
"""

from __future__ import annotations

import io
import os
import urllib.request
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage

from shopkit.testing.contract import Contract

#: Every byte value, plus a NUL at the end: catches text-mode and encoding bugs.
BINARY_CONTENT = bytes(range(256)) * 64 + b"\x00"


class StorageContract(Contract):
    """Behaviour shopkit relies on from any Django ``Storage``."""

    #: Seconds to wait for a URL to answer in :meth:`read_url`.
    url_timeout = 10

    def make_storage(self) -> Storage:
        """Return the storage under test (called once per test)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement make_storage() to return the storage under test"
        )

    def read_url(self, url: str) -> bytes:
        """Return what a browser gets from ``url``.

        Absolute ``http(s)`` URLs are fetched. Storages whose URLs are relative
        (served by the web server in front of Django) override this to read
        what that server would serve.
        """
        if urlsplit(url).scheme not in {"http", "https"}:
            raise NotImplementedError(
                f"{type(self).__name__} must override read_url() to read the relative URL {url!r}"
            )
        with urllib.request.urlopen(url, timeout=self.url_timeout) as response:
            return response.read()

    @property
    def storage(self) -> Storage:
        return self.built_once("_contract_storage", self.make_storage)

    def unique_name(self, filename: str) -> str:
        # A fresh directory per test keeps runs against a shared service apart.
        return f"shopkit-contract/{uuid.uuid4().hex}/{filename}"

    def save(self, name: str, content: Any) -> str:
        saved = self.storage.save(name, content)
        self.add_cleanup(self.storage.delete, saved)
        return saved

    def read(self, name: str) -> bytes:
        with self.storage.open(name, "rb") as handle:
            return handle.read()

    # --- the contract ------------------------------------------------------

    def test_save_from_a_buffer_returns_a_name_that_exists(self) -> None:
        name = self.save(self.unique_name("buffer.txt"), ContentFile(b"hello"))
        assert isinstance(name, str) and name
        assert self.storage.exists(name)

    def test_save_from_a_python_file_object(self) -> None:
        name = self.save(self.unique_name("file.bin"), File(io.BytesIO(b"from a file")))
        assert self.read(name) == b"from a file"

    def test_open_returns_the_same_binary_bytes(self) -> None:
        name = self.save(self.unique_name("binary.bin"), ContentFile(BINARY_CONTENT))
        assert self.read(name) == BINARY_CONTENT

    def test_a_file_larger_than_one_network_read_round_trips(self) -> None:
        content = os.urandom(3 * 1024 * 1024 + 17)
        name = self.save(self.unique_name("large.bin"), ContentFile(content))
        assert self.storage.size(name) == len(content)
        assert self.read(name) == content

    def test_an_empty_file_round_trips(self) -> None:
        name = self.save(self.unique_name("empty.txt"), ContentFile(b""))
        assert self.storage.exists(name)
        assert self.storage.size(name) == 0
        assert self.read(name) == b""

    def test_size_is_the_number_of_bytes(self) -> None:
        name = self.save(self.unique_name("sized.txt"), ContentFile(b"x" * 1234))
        assert self.storage.size(name) == 1234

    def test_the_file_extension_is_kept(self) -> None:
        name = self.save(self.unique_name("photo.jpeg"), ContentFile(b"\xff\xd8\xff"))
        assert name.endswith(".jpeg")

    def test_chinese_file_names_round_trip(self) -> None:
        content = "新鲜草莓".encode()
        name = self.save(self.unique_name("新鲜草莓 500克.txt"), ContentFile(content))
        assert self.storage.exists(name)
        assert self.read(name) == content
        assert self.read_url(self.storage.url(name)) == content

    def test_url_serves_the_same_bytes(self) -> None:
        name = self.save(self.unique_name("served.bin"), ContentFile(BINARY_CONTENT))
        assert self.read_url(self.storage.url(name)) == BINARY_CONTENT

    def test_different_files_have_different_urls(self) -> None:
        first = self.save(self.unique_name("a.txt"), ContentFile(b"a"))
        second = self.save(self.unique_name("b.txt"), ContentFile(b"b"))
        assert self.storage.url(first) != self.storage.url(second)

    def test_saving_the_same_name_twice_keeps_the_first_file(self) -> None:
        wanted = self.unique_name("same.txt")
        first = self.save(wanted, ContentFile(b"first"))
        second = self.save(wanted, ContentFile(b"second"))
        assert first != second
        assert self.read(first) == b"first"
        assert self.read(second) == b"second"

    def test_delete_removes_the_file(self) -> None:
        name = self.save(self.unique_name("deleted.txt"), ContentFile(b"bye"))
        self.storage.delete(name)
        assert not self.storage.exists(name)

    def test_deleting_a_deleted_file_is_not_an_error(self) -> None:
        name = self.save(self.unique_name("twice.txt"), ContentFile(b"bye"))
        self.storage.delete(name)
        self.storage.delete(name)
        assert not self.storage.exists(name)

    def test_opening_a_deleted_file_raises_file_not_found(self) -> None:
        name = self.save(self.unique_name("gone.txt"), ContentFile(b"bye"))
        self.storage.delete(name)
        with pytest.raises(FileNotFoundError):
            self.read(name)


__all__ = ["BINARY_CONTENT", "StorageContract"]
