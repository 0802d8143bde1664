"""Celery tasks of the content app."""

from __future__ import annotations

from celery import shared_task

from shopkit.core.backends import CachePurpose, get_cache
from shopkit.core.tasks import REDELIVERED_IF_LOST


@shared_task(**REDELIVERED_IF_LOST)
def render_static_index() -> str | None:
    """Render the static home page to its storage (``shopkit_storage("static_index")``)."""
    from shopkit.content.static_index import (
        PENDING_KEY,
        static_index_name,
        static_index_storage,
        write_static_index,
    )

    # Cleared before rendering: a change arriving meanwhile schedules another render.
    get_cache(CachePurpose.PAGE).delete(PENDING_KEY)
    storage = static_index_storage()
    if storage is None:
        return None
    return write_static_index(storage, static_index_name())
