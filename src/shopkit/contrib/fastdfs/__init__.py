"""FastDFS file storage.

``SHOPKIT_PLUGINS = ["shopkit.contrib.fastdfs"]`` makes the purposes listed in
``SHOPKIT_FASTDFS_PURPOSES`` (every purpose when it is ``None``) use a
:class:`FastDFSStorage` configured by the ``SHOPKIT_FASTDFS_*`` settings. The
storage class also works on its own in Django's ``STORAGES``.
"""

from __future__ import annotations

from shopkit import hookimpl
from shopkit.conf import app_settings
from shopkit.contrib.fastdfs.client import (
    FastDFSConnectionError,
    FastDFSError,
    FastDFSProtocolError,
    FastDFSStatusError,
)
from shopkit.contrib.fastdfs.storage import FastDFSStorage


@hookimpl
def shopkit_storage(purpose: str) -> FastDFSStorage | None:
    purposes = app_settings.FASTDFS_PURPOSES
    if purposes is not None and purpose not in purposes:
        return None
    return FastDFSStorage()


__all__ = [
    "FastDFSConnectionError",
    "FastDFSError",
    "FastDFSProtocolError",
    "FastDFSStatusError",
    "FastDFSStorage",
]
