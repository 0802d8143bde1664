"""``manage.py shopkit_static_index [--output PATH]``: render the static home page now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage, Storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shopkit.content.static_index import (
    StaticIndexFolder,
    static_index_name,
    static_index_storage,
    write_static_index,
)


class Command(BaseCommand):
    help = (
        "Render the home page to a static HTML file in the storage of "
        'shopkit_storage("static_index") (the folder of SHOPKIT_STATIC_INDEX_PATH by default).'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="Write to this file path instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            target = Path(options["output"])
            storage: Storage | None = StaticIndexFolder(target.parent)
            name = target.name
        else:
            storage, name = static_index_storage(), static_index_name()
        if storage is None:
            raise CommandError(
                "Set SHOPKIT_STATIC_INDEX_PATH (or map the purpose 'static_index' in "
                "SHOPKIT_STORAGE_ALIASES) or pass --output PATH."
            )
        try:
            saved = write_static_index(storage, name)
        except OSError as exc:
            raise CommandError(f"Cannot write {name}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Wrote {where(storage, saved)}"))


def where(storage: Storage, name: str) -> str:
    """The file's path on this machine, or its name and storage when it is elsewhere."""
    if isinstance(storage, FileSystemStorage):
        return storage.path(name)
    return f"{name} to {type(storage).__name__}"
