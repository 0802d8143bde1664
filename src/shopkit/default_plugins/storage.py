from django.core.files.storage import Storage, storages

from shopkit import hookimpl
from shopkit.core.backends import has_backend, storage_alias


@hookimpl(trylast=True)
def shopkit_storage(purpose: str) -> Storage | None:
    alias = storage_alias(purpose)
    # An entry without a BACKEND belongs to the storage plugin of its name;
    # when none answered, the seam's error (and check shopkit.E014) says so.
    if not has_backend(alias):
        return None
    return storages[alias]
