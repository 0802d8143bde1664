"""``manage.py shopkit_rebuild_search``: empty the search index and fill it again."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from shopkit.search import get_search_backend
from shopkit.search.services import rebuild_index

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the search index of launched SKUs through the configured search backend."

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_search_backend()
        self.stdout.write(f"Rebuilding the search index ({type(backend).__name__})")
        indexed = rebuild_index(self.show_progress)
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} SKUs."))

    def show_progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\r" if sys.stdout.isatty() and done < total else "\n"
        self.stdout.write(f"[{bar}] {done}/{total}", ending=end)
