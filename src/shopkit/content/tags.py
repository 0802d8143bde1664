"""Which page-cache tags a content change affects (the catalogue's own are in
:mod:`shopkit.goods.tags`).

- ``banners``: every home-page banner.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

BANNERS = "banners"


def tags_for(instance: Any) -> set[str]:
    """The tags made stale by saving or deleting ``instance``."""
    from shopkit.content.models import Banner

    return {BANNERS} if isinstance(instance, Banner) else set()


def tags_for_all(instances: Iterable[Any]) -> set[str]:
    return set().union(*(tags_for(instance) for instance in instances))
