"""Celery tasks of the search app."""

from __future__ import annotations

from celery import shared_task

from shopkit.core.tasks import REDELIVERED_IF_LOST


@shared_task(ignore_result=True, **REDELIVERED_IF_LOST)
def refresh_search_index(sku_ids: list[int], spu_ids: list[int], category_ids: list[int]) -> int:
    """Update the search index for changed SKUs, SPUs and categories (see
    :func:`shopkit.search.services.refresh_index`)."""
    from shopkit.search.services import refresh_index

    return refresh_index(sku_ids, spu_ids, category_ids)
