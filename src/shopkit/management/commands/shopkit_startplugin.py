"""``manage.py shopkit_startplugin NAME [--directory DIR]``: write a new plugin package.

The package (``DIR/NAME``) is a distribution advertising the plugin in the
entry point group ``shopkit``, a plugin supplying an SMS provider named
``NAME`` (``NAME/__init__.py``, the class in ``NAME/provider.py``), and tests
that run shopkit's SMS provider contract on it against
``shopkit.testing.settings``; they pass as written.
"""

from __future__ import annotations

import importlib.util
import keyword
import re
from pathlib import Path
from string import Template
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

import shopkit

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "plugin_template"
#: A module name that is also a valid distribution name: lower case, digits, underscores.
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


class Command(BaseCommand):
    help = (
        "Write a new shopkit plugin package NAME (an SMS provider, its entry point "
        "and tests using shopkit.testing) into DIR/NAME."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "name", help="the plugin's module name, e.g. acme_sms (also its distribution name)"
        )
        parser.add_argument(
            "--directory",
            default=".",
            help="the folder to create the package folder NAME in (default: the current one)",
        )

    def handle(self, *args: Any, name: str, directory: str, **options: Any) -> None:
        check_name(name)
        parent = Path(directory)
        if not parent.is_dir():
            raise CommandError(f"--directory {directory!r} is not an existing folder.")
        target = parent / name
        if target.exists():
            raise CommandError(f"{target} already exists; choose another NAME or --directory.")
        context = template_context(name)
        for source in sorted(TEMPLATE_DIR.rglob("*.tpl")):
            written = target / generated_path(source.relative_to(TEMPLATE_DIR), name)
            written.parent.mkdir(parents=True, exist_ok=True)
            written.write_text(
                Template(source.read_text(encoding="utf-8")).substitute(context), encoding="utf-8"
            )
        self.stdout.write(f"Wrote the shopkit plugin {name!r} to {target}.")
        self.stdout.write(f'Next: cd {target} && pip install -e ".[test]" && pytest')


def check_name(name: str) -> None:
    """``CommandError`` unless ``name`` can be the package's module and distribution name."""
    if not NAME_PATTERN.fullmatch(name) or keyword.iskeyword(name):
        raise CommandError(
            f"{name!r} is not a valid plugin name: use a lower-case Python identifier "
            "(letters, digits, underscores, starting with a letter), e.g. acme_sms."
        )
    if importlib.util.find_spec(name) is not None:
        raise CommandError(
            f"{name!r} is the name of an existing Python module; choose another name."
        )


def template_context(name: str) -> dict[str, str]:
    words = name.split("_")
    return {
        "module": name,
        "distribution": name.replace("_", "-"),
        "class_name": "".join(word.capitalize() for word in words) + "Provider",
        "title": " ".join(word.capitalize() for word in words),
        "shopkit_version": shopkit.__version__,
    }


def generated_path(template_path: Path, name: str) -> Path:
    """Where a template file goes in the package: ``package/`` becomes the module's
    folder, ``test_plugin.py`` is named after the plugin, ``.tpl`` is dropped."""
    parts = [name if part == "package" else part for part in template_path.parts]
    parts[-1] = parts[-1].removesuffix(".tpl").replace("test_plugin", f"test_{name}")
    return Path(*parts)
