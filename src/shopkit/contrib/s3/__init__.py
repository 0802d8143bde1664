"""S3 file storage through django-storages.

``SHOPKIT_PLUGINS = ["shopkit.contrib.s3"]`` makes the purposes listed in
``SHOPKIT_S3_PURPOSES`` (every purpose when it is ``None``) use django-storages'
``S3Storage``, built from ``SHOPKIT_S3_STORAGE_OPTIONS`` (django-storages' own
option names). Needs the ``s3`` extra: ``pip install "shopkit[s3]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured

from shopkit import hookimpl
from shopkit.conf import app_settings

if TYPE_CHECKING:
    from storages.backends.s3 import S3Storage

# shopkit expects a save never to replace an existing file (the storage
# contract); django-storages defaults to overwriting.
DEFAULT_OPTIONS = {"file_overwrite": False}

# One storage per distinct set of options: each S3Storage keeps its own boto3
# session and connections, which are too costly to build on every hook call.
_storages: dict[str, S3Storage] = {}


def build_storage() -> S3Storage:
    """The S3 storage for the current ``SHOPKIT_S3_STORAGE_OPTIONS``."""
    try:
        from storages.backends.s3 import S3Storage
    except ImportError as exc:
        raise ImproperlyConfigured(
            f'shopkit.contrib.s3 needs boto3: pip install "shopkit[s3]" ({exc})'
        ) from exc
    options = {**DEFAULT_OPTIONS, **app_settings.S3_STORAGE_OPTIONS}
    key = repr(sorted(options.items()))
    if key not in _storages:
        _storages[key] = S3Storage(**options)
    return _storages[key]


@hookimpl
def shopkit_storage(purpose: str) -> S3Storage | None:
    purposes = app_settings.S3_PURPOSES
    if purposes is not None and purpose not in purposes:
        return None
    return build_storage()
