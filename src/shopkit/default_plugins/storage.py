from django.core.files.storage import Storage, storages

from shopkit import hookimpl
from shopkit.conf import app_settings
from shopkit.content.static_index import default_static_index_storage
from shopkit.core.backends import StoragePurpose, has_backend, storage_alias


@hookimpl(trylast=True)
def shopkit_storage(purpose: str) -> Storage | None:
    # The static home page stays where SHOPKIT_STATIC_INDEX_PATH says unless
    # the host maps the purpose to a STORAGES alias like any other.
    if purpose == StoragePurpose.STATIC_INDEX and purpose not in app_settings.STORAGE_ALIASES:
        return default_static_index_storage()
    alias = storage_alias(purpose)
    # An entry without a BACKEND belongs to the storage plugin of its name;
    # when none answered, the seam's error (and check shopkit.E014) says so.
    if not has_backend(alias):
        return None
    return storages[alias]
