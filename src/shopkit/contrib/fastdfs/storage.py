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
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

from shopkit.contrib.fastdfs.client import FastDFSClient, FastDFSStatusError
from shopkit.contrib.fastdfs.protocol import ENOENT, extension_of

# Downloads bigger than this spill from memory to a temporary file.
SPOOL_MAX_MEMORY = 2 * 1024 * 1024


def _option_error(key: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"FastDFSStorage option {key!r} (in the OPTIONS of its STORAGES entry) {problem}."
    )


@deconstructible
class FastDFSStorage(Storage):
    """Files on a FastDFS cluster, configured in ``STORAGES["fastdfs"]["OPTIONS"]``.

    Options:

    - ``trackers`` (required): tracker addresses as ``"host:port"``,
      ``["10.0.0.11:22122", ...]``, tried in order until one answers.
    - ``base_url``: where the HTTP server in front of the storage servers
      (nginx with the FastDFS module) serves file ids, e.g.
      ``"http://img.example.com/"``; ``url()`` joins the file id onto it.
      Without it, files have no URL.
    - ``connect_timeout``: seconds to wait for a TCP connection (default 5).
    - ``network_timeout``: seconds to wait for each send or receive (default 30).

    A missing or malformed option is an ``ImproperlyConfigured`` naming it,
    raised when the storage is built.
    """

    def __init__(
        self,
        trackers: Sequence[str] = (),
        base_url: str | None = None,
        connect_timeout: float = 5.0,
        network_timeout: float = 30.0,
        **unknown: Any,
    ) -> None:
        if unknown:
            raise _option_error(", ".join(sorted(unknown)), "is not an option of FastDFSStorage")
        if base_url is not None and not isinstance(base_url, str):
            raise _option_error("base_url", f"must be a URL or None, not {base_url!r}")
        if isinstance(trackers, str) or not isinstance(trackers, Sequence) or not trackers:
            raise _option_error(
                "trackers", f"must be a non-empty list like ['10.0.0.11:22122'], not {trackers!r}"
            )
        timeouts = {"connect_timeout": connect_timeout, "network_timeout": network_timeout}
        for key, value in timeouts.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise _option_error(key, f"must be a positive number of seconds, not {value!r}")
        try:
            # Holds no sockets (each operation connects anew): safe to share between threads.
            self.client = FastDFSClient(list(trackers), connect_timeout, network_timeout)
        except ValueError as exc:
            raise _option_error("trackers", str(exc)) from exc
        if base_url and not base_url.endswith("/"):
            base_url += "/"
        self.base_url = base_url

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
        if not self.base_url:
            raise ValueError(
                "FastDFS files have no URL until the storage's base_url option is set "
                "(STORAGES['fastdfs']['OPTIONS']['base_url'])."
            )
        return urljoin(self.base_url, filepath_to_uri(name).lstrip("/"))
