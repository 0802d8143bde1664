from django.core.files.storage import Storage, storages

from shopkit import hookimpl
from shopkit.conf import app_settings


@hookimpl(trylast=True)
def shopkit_storage(purpose: str) -> Storage:
    return storages[app_settings.STORAGE_ALIASES.get(purpose, "default")]
