"""The home page rendered to a static HTML file, for a web server to serve.

The file goes to the storage ``shopkit_storage("static_index")`` answers,
under the file name of ``SHOPKIT_STATIC_INDEX_PATH`` (``index.html`` without
it). shopkit's own answer is the folder of ``SHOPKIT_STATIC_INDEX_PATH``
(:class:`StaticIndexFolder`); when no plugin answers, no page is rendered.

Catalogue and banner changes schedule a render; a burst of changes within
``COALESCE_SECONDS`` renders once.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage
from django.template.loader import render_to_string

from shopkit.conf import app_settings
from shopkit.content.services import home_page
from shopkit.core import outbox
from shopkit.core.backends import STORAGE, CachePurpose, StoragePurpose, get_cache, get_storage

PENDING_KEY = "shopkit:static-index:pending"
COALESCE_SECONDS = 2
#: A pending flag older than this is assumed lost (a worker died), so renders resume.
PENDING_TIMEOUT = 300
#: The page's file name when ``SHOPKIT_STATIC_INDEX_PATH`` does not give one.
DEFAULT_NAME = "index.html"


class StaticIndexFolder(FileSystemStorage):
    """A folder whose files are replaced whole: each is written to a temporary
    file beside it and renamed into place, so readers never see half a page."""

    def __init__(self, location: str | os.PathLike[str], **options: Any) -> None:
        super().__init__(location=location, allow_overwrite=True, **options)

    def _save(self, name: str, content: File) -> str:
        target = Path(self.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "wb", dir=target.parent, prefix=".index-", suffix=".tmp", delete=False
        ) as temporary:
            for chunk in content.chunks():
                temporary.write(chunk)
        os.chmod(temporary.name, 0o644)
        os.replace(temporary.name, target)
        return name


def default_static_index_storage() -> Storage | None:
    """shopkit's own answer for ``"static_index"``: the folder of
    ``SHOPKIT_STATIC_INDEX_PATH``, or ``None`` without that setting."""
    path = app_settings.STATIC_INDEX_PATH
    return StaticIndexFolder(Path(path).parent) if path else None


def static_index_name() -> str:
    """The page's file name in its storage."""
    path = app_settings.STATIC_INDEX_PATH
    return Path(path).name if path else DEFAULT_NAME


def static_index_storage() -> Storage | None:
    """The storage the page is written to and served from, or ``None`` when no
    plugin answers ``shopkit_storage("static_index")`` (then none is rendered)."""
    if not STORAGE.answered(StoragePurpose.STATIC_INDEX):
        return None
    return get_storage(StoragePurpose.STATIC_INDEX)


def render_index_html() -> str:
    """The home page as an anonymous visitor sees it."""
    return render_to_string("shopkit/storefront/index.html", {"home": home_page()})


def write_static_index(storage: Storage, name: str) -> str:
    """Render the home page into ``storage`` as ``name``, replacing the last
    render; return the name it was saved under."""
    content = ContentFile(render_index_html().encode("utf-8"))
    # A storage that keeps an existing file (and would save under another
    # name) gives the old page up first.
    if storage.get_available_name(name) != name:
        storage.delete(name)
    return storage.save(name, content)


def schedule_static_index() -> bool:
    """Queue a render (through the outbox) unless one is already pending; return
    whether one was queued."""
    if static_index_storage() is None:
        return False
    from shopkit.content.tasks import render_static_index

    if not get_cache(CachePurpose.PAGE).add(PENDING_KEY, 1, timeout=PENDING_TIMEOUT):
        return False
    outbox.enqueue(render_static_index, countdown=COALESCE_SECONDS)
    return True
