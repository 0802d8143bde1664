"""The storage contract on Django's own FileSystemStorage (the embedded default)."""

import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

from django.core.files.storage import FileSystemStorage
from django.test import SimpleTestCase

from shopkit.testing.storage import StorageContractTests


class FileSystemStorageContractTests(StorageContractTests, SimpleTestCase):
    base_url = "/media/"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.location = tempfile.mkdtemp(prefix="shopkit-fs-contract-")
        cls.addClassCleanup(shutil.rmtree, cls.location)

    def make_storage(self):
        return FileSystemStorage(location=self.location, base_url=self.base_url)

    def read_url(self, url):
        # What the web server in front of Django serves for MEDIA_URL.
        assert url.startswith(self.base_url)
        return (Path(self.location) / unquote(url.removeprefix(self.base_url))).read_bytes()
