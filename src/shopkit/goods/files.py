"""Storages of the catalogue's file fields.

Each is a module-level callable so migrations record only its path: the
backend behind it (filesystem, S3, FastDFS …) is chosen at run time through
``shopkit_storage(purpose)`` and can change without a migration.
"""

import posixpath
import uuid

from shopkit.core.backends import PurposeStorage, StoragePurpose


def sku_image_storage() -> PurposeStorage:
    return PurposeStorage(StoragePurpose.SKU_IMAGE)


def brand_logo_storage() -> PurposeStorage:
    return PurposeStorage(StoragePurpose.BRAND_LOGO)


def unique_upload_name(folder: str, filename: str) -> str:
    """``folder/<random>.<ext>``: no clashes, no shopper-controlled path parts."""
    extension = posixpath.splitext(filename)[1].lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def sku_image_upload_to(instance: object, filename: str) -> str:
    return unique_upload_name("sku", filename)


def brand_logo_upload_to(instance: object, filename: str) -> str:
    return unique_upload_name("brand", filename)
