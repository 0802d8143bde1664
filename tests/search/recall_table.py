"""Print, for every query of the language catalogue, how many of the SKUs a
shopper expects each built-in backend finds (and how many others it finds).

Runs standalone on the example project's embedded settings, in a fresh
temporary folder, with the source tree beside it::

    python tests/search/recall_table.py > /tmp/search_after.txt
    python tests/search/recall_table.py --names   # also what Whoosh found, best first
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def setup_django() -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(name, None)  # embedded settings, always
    os.environ["SHOPKIT_VAR_DIR"] = tempfile.mkdtemp(prefix="shopkit-search-recall-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "example_project.settings"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "example_project"), str(ROOT)]
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main() -> int:
    setup_django()
    from shopkit.search.backends.database import DatabaseSearchBackend
    from shopkit.search.backends.haystack import HaystackSearchBackend
    from shopkit.testing.search_language import QUERIES, build_catalogue, expected_names

    build_catalogue()
    backends = {"whoosh": HaystackSearchBackend("default"), "database": DatabaseSearchBackend()}
    for backend in backends.values():
        backend.rebuild()
    names = "--names" in sys.argv[1:]
    extra_header = " found by whoosh, best first |" if names else ""
    print("| query | kind | expected | " + " | ".join(backends) + " |" + extra_header)
    print("|---|---|---:|" + "---:|" * len(backends) + ("---|" if names else ""))
    totals = dict.fromkeys(backends, 0)
    expected_total = 0
    for query in QUERIES:
        expected = expected_names(query)
        expected_total += len(expected)
        cells = []
        ranked: list[str] = []
        for name, backend in backends.items():
            page = backend.search(query.text, page=1, per_page=100)
            found = {sku.name for sku in page.objects}
            if name == "whoosh":
                ranked = [sku.name for sku in page.objects]
            hits = len(found & expected)
            totals[name] += hits
            extra = len(found - expected)
            cells.append(f"{hits}/{len(expected)}" + (f" (+{extra} other)" if extra else ""))
        row = f"| {query.text} | {query.kind} | {len(expected)} | " + " | ".join(cells) + " |"
        print(row + (f" {'、'.join(ranked) or '—'} |" if names else ""))
    summary = " | ".join(f"{totals[name]}/{expected_total}" for name in backends)
    print(f"| **all** | | {expected_total} | {summary} |" + (" |" if names else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
