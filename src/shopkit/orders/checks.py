"""System checks for what placing orders needs of the host project."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.db import connections


def check_databases(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Placement copies the address into the order with ``INSERT … RETURNING``
    (``shopkit.orders.prepared``), which every database must support."""
    return [
        Error(
            f"Database {alias!r} cannot return columns from INSERT, which placing orders needs.",
            hint="Use PostgreSQL, or SQLite 3.35 or newer.",
            id="shopkit.E001",
        )
        for alias in settings.DATABASES
        if not connections[alias].features.can_return_columns_from_insert
    ]
