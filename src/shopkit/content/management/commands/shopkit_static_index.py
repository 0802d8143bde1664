"""``manage.py shopkit_static_index [--output PATH]``: render the static home page now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shopkit.conf import app_settings
from shopkit.content.static_index import write_static_index


class Command(BaseCommand):
    help = "Render the home page to a static HTML file (SHOPKIT_STATIC_INDEX_PATH by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="Write here instead of SHOPKIT_STATIC_INDEX_PATH.")

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or app_settings.STATIC_INDEX_PATH
        if not output:
            raise CommandError("Set SHOPKIT_STATIC_INDEX_PATH or pass --output PATH.")
        try:
            path = write_static_index(output)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
