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


def build_storage() -> S3Storage:
    """A new S3 storage from the current ``SHOPKIT_S3_STORAGE_OPTIONS``.

    Building one is cheap (boto3 connects on first use), and the seam resolver
    keeps the storage of each purpose until the plugins or settings change, so
    the hook below builds one per purpose, not one per file.
    """
    try:
        from storages.backends.s3 import S3Storage
    except ImportError as exc:
        raise ImproperlyConfigured(
            f'shopkit.contrib.s3 needs boto3: pip install "shopkit[s3]" ({exc})'
        ) from exc
    return S3Storage(**{**DEFAULT_OPTIONS, **app_settings.S3_STORAGE_OPTIONS})


@hookimpl
def shopkit_storage(purpose: str) -> S3Storage | None:
    purposes = app_settings.S3_PURPOSES
    if purposes is not None and purpose not in purposes:
        return None
    return build_storage()
