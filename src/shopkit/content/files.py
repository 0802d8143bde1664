"""Storage of banner images, resolved through ``shopkit_storage("banner")``."""

from shopkit.core.backends import PurposeStorage, StoragePurpose
from shopkit.goods.files import unique_upload_name


def banner_storage() -> PurposeStorage:
    return PurposeStorage(StoragePurpose.BANNER)


def banner_upload_to(instance: object, filename: str) -> str:
    return unique_upload_name("banner", filename)
