"""Moments as shoppers read them: in the shop's time zone, to the second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import admin
from django.utils import timezone
from django.utils.functional import Promise

#: The one format every API answer and page uses for a moment (API.md, "Times").
SHOP_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def shop_time(moment: datetime) -> str:
    """``moment`` in the shop's ``TIME_ZONE``, e.g. ``"2026-12-04 17:04:20"``."""
    return timezone.localtime(moment).strftime(SHOP_TIME_FORMAT)


def shop_time_display(field_name: str, label: str | Promise) -> Callable[[Any], str]:
    """A list column showing the moment in ``field_name`` as :func:`shop_time`
    (``"-"`` when empty), sortable by it: for Django admin's ``list_display``,
    and as a Wagtail ``Column`` accessor. Admin lists would otherwise show the
    locale's own format ("2026年12月4日 17:04") or Wagtail's "3 hours ago"."""

    @admin.display(description=label, ordering=field_name)
    def display(obj: Any) -> str:
        moment = getattr(obj, field_name)
        return shop_time(moment) if moment else "-"

    return display
