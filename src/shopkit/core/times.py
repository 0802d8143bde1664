"""Moments as shoppers read them: in the shop's time zone, to the second."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

#: The one format every API answer and page uses for a moment (API.md, "Times").
SHOP_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def shop_time(moment: datetime) -> str:
    """``moment`` in the shop's ``TIME_ZONE``, e.g. ``"2026-12-04 17:04:20"``."""
    return timezone.localtime(moment).strftime(SHOP_TIME_FORMAT)
