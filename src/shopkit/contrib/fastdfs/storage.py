"""A Django ``Storage`` on a FastDFS cluster.

FastDFS chooses every file's name itself (``group1/M00/00/00/<id>.<ext>``):
the name Django asks for only contributes its extension, so saving the same
name twice never overwrites anything.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

from shopkit.conf import app_settings
from shopkit.contrib.fastdfs.client import FastDFSClient, FastDFSStatusError
from shopkit.contrib.fastdfs.protocol import ENOENT, extension_of

# Downloads bigger than this spill from memory to a temporary file.
SPOOL_MAX_MEMORY = 2 * 1024 * 1024


@deconstructible(path="shopkit.contrib.fastdfs.FastDFSStorage")
class FastDFSStorage(Storage):
    """Files on a FastDFS cluster.

    Every option left as ``None`` is read from the matching ``SHOPKIT_FASTDFS_*``
    setting when the storage is used, so ``STORAGES`` may name the class with
    no ``OPTIONS`` at all.

    :param trackers: tracker addresses, ``["10.0.0.1:22122", ...]``.
    :param base_url: where the HTTP server in front of the storage servers
        (nginx with the FastDFS module) serves file ids; ``url()`` joins onto it.
    :param connect_timeout: seconds to wait for a TCP connection.
    :param network_timeout: seconds to wait for each send or receive.
    """

    def __init__(
        self,
        trackers: Sequence[str] | None = None,
        base_url: str | None = None,
        connect_timeout: float | None = None,
        network_timeout: float | None = None,
    ) -> None:
        self._trackers = trackers
        self._base_url = base_url
        self._connect_timeout = connect_timeout
        self._network_timeout = network_timeout

    def _option(self, value: Any, setting: str) -> Any:
        return getattr(app_settings, setting) if value is None else value

    @property
    def client(self) -> FastDFSClient:
        return FastDFSClient(
            trackers=self._option(self._trackers, "FASTDFS_TRACKERS"),
            connect_timeout=self._option(self._connect_timeout, "FASTDFS_CONNECT_TIMEOUT"),
            network_timeout=self._option(self._network_timeout, "FASTDFS_NETWORK_TIMEOUT"),
        )

    @property
    def base_url(self) -> str | None:
        base_url = self._option(self._base_url, "FASTDFS_BASE_URL")
        if base_url and not base_url.endswith("/"):
            base_url += "/"
        return base_url

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # The cluster picks a fresh name on every upload; asking whether the
        # wanted name exists would cost a round trip and mean nothing.
        return name

    def _save(self, name: str, content: File) -> str:
        return self.client.upload(content.chunks(), content.size, extension_of(name))

    def _open(self, name: str, mode: str = "rb") -> File:
        if mode != "rb":
            raise ValueError(
                f"FastDFS files are immutable and open in 'rb' mode only, not {mode!r}"
            )
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_MEMORY)
        try:
            self.client.download(name, spool)
        except FastDFSStatusError as exc:
            spool.close()
            if exc.status == ENOENT:
                raise FileNotFoundError(f"No FastDFS file {name!r}") from exc
            raise
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return File(spool, name=name)

    def delete(self, name: str) -> None:
        if not name:
            raise ValueError("The name must be given to delete().")
        try:
            self.client.delete(name)
        except FastDFSStatusError as exc:
            # Like FileSystemStorage: deleting what is already gone succeeds.
            if exc.status != ENOENT:
                raise

    def exists(self, name: str) -> bool:
        try:
            self.client.file_info(name)
        except FastDFSStatusError as exc:
            if exc.status == ENOENT:
                return False
            raise
        return True

    def _file_info(self, name: str) -> Any:
        try:
            return self.client.file_info(name)
        except FastDFSStatusError as exc:
            if exc.status == ENOENT:
                raise FileNotFoundError(f"No FastDFS file {name!r}") from exc
            raise

    def size(self, name: str) -> int:
        return self._file_info(name).size

    def get_created_time(self, name: str) -> datetime:
        created = datetime.fromtimestamp(self._file_info(name).created, tz=UTC)
        return created if settings.USE_TZ else timezone.make_naive(created)

    # FastDFS files never change after upload.
    get_modified_time = get_created_time

    def url(self, name: str) -> str:
        base_url = self.base_url
        if not base_url:
            raise ValueError(
                "FastDFS files have no URL until SHOPKIT_FASTDFS_BASE_URL (or base_url) is set."
            )
        return urljoin(base_url, filepath_to_uri(name).lstrip("/"))
