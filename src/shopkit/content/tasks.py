"""Celery tasks of the content app."""

from __future__ import annotations

from celery import shared_task

from shopkit.conf import app_settings
from shopkit.core.backends import get_cache


@shared_task
def render_static_index() -> str | None:
    """Render the static home page to ``SHOPKIT_STATIC_INDEX_PATH``."""
    from shopkit.content.static_index import PENDING_KEY, write_static_index

    # Cleared before rendering: a change arriving meanwhile schedules another render.
    get_cache("page").delete(PENDING_KEY)
    if not app_settings.STATIC_INDEX_PATH:
        return None
    return str(write_static_index(app_settings.STATIC_INDEX_PATH))
