"""The home page rendered to a static HTML file, for a web server to serve.

Catalogue and banner changes schedule a render; a burst of changes within
``COALESCE_SECONDS`` renders once. The file is written to a temporary file
beside it and renamed into place, so readers never see half a page.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.template.loader import render_to_string

from shopkit.conf import app_settings
from shopkit.content.services import home_page
from shopkit.core import outbox
from shopkit.core.backends import get_cache

PENDING_KEY = "shopkit:static-index:pending"
COALESCE_SECONDS = 2
#: A pending flag older than this is assumed lost (a worker died), so renders resume.
PENDING_TIMEOUT = 300


def render_index_html() -> str:
    """The home page as an anonymous visitor sees it."""
    return render_to_string("shopkit/storefront/index.html", {"home": home_page()})


def write_static_index(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    html = render_index_html()
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=".index-", suffix=".tmp", delete=False
    ) as temporary:
        temporary.write(html)
    os.chmod(temporary.name, 0o644)
    os.replace(temporary.name, target)
    return target


def schedule_static_index() -> bool:
    """Queue a render (through the outbox) unless one is already pending; return
    whether one was queued."""
    if not app_settings.STATIC_INDEX_PATH:
        return False
    from shopkit.content.tasks import render_static_index

    if not get_cache("page").add(PENDING_KEY, 1, timeout=PENDING_TIMEOUT):
        return False
    outbox.enqueue(render_static_index, countdown=COALESCE_SECONDS)
    return True
