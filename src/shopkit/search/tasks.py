"""Celery tasks of the search app."""

from __future__ import annotations

from celery import shared_task


@shared_task(ignore_result=True)
def refresh_search_index(sku_ids: list[int], spu_ids: list[int], category_ids: list[int]) -> int:
    """Update the search index for changed SKUs, SPUs and categories (see
    :func:`shopkit.search.services.refresh_index`)."""
    from shopkit.search.services import refresh_index

    return refresh_index(sku_ids, spu_ids, category_ids)
