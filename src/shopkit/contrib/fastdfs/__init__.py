"""FastDFS file storage: the ``STORAGES`` alias ``"fastdfs"``.

Name this package in ``SHOPKIT_PLUGINS``, put the options (documented on
:class:`~shopkit.contrib.fastdfs.storage.FastDFSStorage`) in
``STORAGES["fastdfs"]`` and map purposes to it::

    SHOPKIT_PLUGINS = ["shopkit.contrib.fastdfs"]
    STORAGES["fastdfs"] = {"OPTIONS": {"trackers": ["10.0.0.11:22122"], …}}
    SHOPKIT_STORAGE_ALIASES = {"sku_image": "fastdfs", "banner": "fastdfs"}
"""

from __future__ import annotations

from django.core.files.storage import Storage

from shopkit import hookimpl
from shopkit.core.backends import plugin_storage


@hookimpl
def shopkit_storage(purpose: str) -> Storage | None:
    return plugin_storage("fastdfs", purpose, "shopkit.contrib.fastdfs.storage.FastDFSStorage")
