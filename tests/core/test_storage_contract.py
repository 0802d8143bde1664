"""The storage contract on Django's own FileSystemStorage (the embedded default)."""

from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.storage import FileSystemStorage

from shopkit.testing.storage import StorageContract


class TestFileSystemStorageContract(StorageContract):
    base_url = "/media/"

    @pytest.fixture(autouse=True)
    def use_tmp_path(self, tmp_path):
        self.location = tmp_path

    def make_storage(self):
        return FileSystemStorage(location=self.location, base_url=self.base_url)

    def read_url(self, url):
        # What the web server in front of Django serves for MEDIA_URL.
        assert url.startswith(self.base_url)
        return (Path(self.location) / unquote(url.removeprefix(self.base_url))).read_bytes()
