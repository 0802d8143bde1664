"""S3 and S3-compatible file storage: the ``STORAGES`` alias ``"s3"``.

Install the ``s3`` extra, name this package in ``SHOPKIT_PLUGINS``, put the
options (django-storages' own names, documented on
:class:`~shopkit.contrib.s3.storage.S3Storage`) in ``STORAGES["s3"]`` and map
purposes to it::

    SHOPKIT_PLUGINS = ["shopkit.contrib.s3"]
    STORAGES["s3"] = {"OPTIONS": {"bucket_name": "shop-media", …}}
    SHOPKIT_STORAGE_ALIASES = {"sku_image": "s3", "banner": "s3"}
"""

from __future__ import annotations

from django.core.files.storage import Storage

from shopkit import hookimpl
from shopkit.core.backends import plugin_storage


@hookimpl
def shopkit_storage(purpose: str) -> Storage | None:
    return plugin_storage("s3", purpose, "shopkit.contrib.s3.storage.S3Storage")
