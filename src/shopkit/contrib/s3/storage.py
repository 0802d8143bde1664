"""django-storages' ``S3Storage`` with the one default shopkit needs changed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

try:
    from storages.backends.s3 import S3Storage as DjangoStoragesS3Storage
except (ImportError, ImproperlyConfigured) as exc:  # the latter: django-storages without boto3
    raise ImproperlyConfigured(
        f'shopkit.contrib.s3 needs django-storages and boto3: pip install "shopkit[s3]" ({exc})'
    ) from exc


class S3Storage(DjangoStoragesS3Storage):
    """Files in an S3 bucket, or an S3-compatible service's (MinIO, Ceph, a
    cloud vendor's object storage), configured in ``STORAGES["s3"]["OPTIONS"]``.

    The options are django-storages' own keyword arguments, so `its
    documentation <https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html>`_
    applies unchanged: ``bucket_name`` (required, here or as
    ``AWS_STORAGE_BUCKET_NAME``), ``region_name``, ``access_key``,
    ``secret_key``, ``endpoint_url`` (an S3-compatible service), ``location``
    (a folder in the bucket), ``custom_domain`` and ``querystring_auth`` (public
    files behind a CDN) … An option django-storages does not know is an
    ``ImproperlyConfigured`` naming it.

    shopkit changes one default: ``file_overwrite`` is ``False``, so saving a
    file never replaces another one (the storage contract); set it in the
    options to change it.
    """

    # A class attribute: django-storages fills in only the defaults a class
    # does not set, and an option given in OPTIONS still wins.
    file_overwrite = False

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        if not self.bucket_name:
            raise ImproperlyConfigured(
                "S3Storage needs the option 'bucket_name' in the OPTIONS of its STORAGES "
                "entry (or the setting AWS_STORAGE_BUCKET_NAME)."
            )
