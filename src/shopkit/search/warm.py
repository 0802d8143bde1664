"""Warm on start: load the Chinese dictionary when a web or worker process
starts, not inside the first search.

jieba loads its dictionary on first use: milliseconds to map shopkit's trie
of it (``whoosh_cn/dictionary.py``), about a second when the trie must be
built first. Left to the first search, that shopper waits for it;
:func:`warm_on_start`, called from the search app's ``ready()``, pays it while
the process starts instead.

Which processes warm. ``ready()`` runs in every process that sets Django up,
and ``migrate`` should not pay a second for a dictionary it never uses, so
management commands are skipped, except ``runserver`` (in the process that
serves, not the autoreloader watching it). Everything else warms: a WSGI or
ASGI server importing the project's application (gunicorn, uWSGI, uvicorn,
daphne, mod_wsgi …; shopkit does not own that module, so it cannot hook it)
and a Celery worker (indexing tasks cut words too). ``celery beat`` and other
Celery commands are skipped. Each prefork worker child also warms from
Celery's ``worker_process_init``, a no-op when it inherited the loaded
dictionary from its parent.

Why synchronously, not in a background thread. A server that forks after
loading the application (gunicorn ``--preload``, uWSGI without ``lazy-apps``,
Celery's prefork pool) would copy a half-loaded dictionary and a lock held by a
thread that does not exist in the child: its first search would hang. Loaded
before ``ready()`` returns, the dictionary is complete before any fork, and
the children share it copy-on-write. The process starts about a second later,
before it takes its first request.

``SHOPKIT_SEARCH_WARM_ON_START = False`` turns it off; so does a search backend
that is not the Chinese Whoosh engine.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

logger = logging.getLogger(__name__)

#: Management commands that serve requests, so warm.
SERVING_COMMANDS = frozenset({"runserver"})
MANAGEMENT_SCRIPTS = frozenset({"manage.py", "django-admin", "django-admin.py"})


def warm_on_start() -> bool:
    """Warm now if this process serves searches and the setting allows it;
    whether it did. Called from ``SearchConfig.ready()``."""
    from shopkit.conf import app_settings

    if not app_settings.SEARCH_WARM_ON_START or not serves_requests(sys.argv, os.environ):
        return False
    return warm()


def serves_requests(argv: list[str], environ: Any) -> bool:
    """Whether the process started as ``argv`` may search: not a management
    command (but ``runserver``'s serving process), not a Celery command other
    than ``worker``."""
    script = os.path.basename(argv[0]) if argv else ""
    if script in MANAGEMENT_SCRIPTS or argv[0].endswith(os.path.join("django", "__main__.py")):
        command = argv[1] if len(argv) > 1 else "help"
        if command not in SERVING_COMMANDS:
            return False
        # The autoreloader's parent only watches files; its child (RUN_MAIN) serves.
        return environ.get("RUN_MAIN") == "true" or "--noreload" in argv
    if script == "celery":
        return "worker" in argv[1:]
    return True


def warm() -> bool:
    """Load what the first search would: the Chinese analyzer's dictionary
    and the haystack connection (its search indexes and the Whoosh schema),
    when the search connection uses the Chinese Whoosh engine. No database
    query. Idempotent; never raises (a failure is logged and left to the
    first search)."""
    if not _uses_chinese_engine():
        return False
    from haystack import connections

    from shopkit.conf import app_settings
    from shopkit.search.whoosh_cn.analyzer import ChineseAnalyzer

    started = time.perf_counter()
    try:
        list(ChineseAnalyzer()("预热", mode="query"))
    except Exception:
        logger.exception("Could not load the Chinese search dictionary on start")
        return False
    logger.info("Chinese search dictionary loaded in %.2f s", time.perf_counter() - started)
    try:
        connections[app_settings.SEARCH_CONNECTION].get_backend().setup()
    except Exception:
        logger.exception("Could not open the search index on start")
    return True


def warm_worker_process(**kwargs: Any) -> None:
    """Celery ``worker_process_init`` receiver: each pool child warms."""
    from shopkit.conf import app_settings

    if app_settings.SEARCH_WARM_ON_START:
        warm()


def _uses_chinese_engine() -> bool:
    from django.conf import settings
    from django.utils.module_loading import import_string

    from shopkit.conf import app_settings
    from shopkit.search.checks import CHINESE_ENGINE

    if app_settings.SEARCH_BACKEND != "haystack":
        return False
    connections = getattr(settings, "HAYSTACK_CONNECTIONS", {}) or {}
    engine_path = connections.get(app_settings.SEARCH_CONNECTION, {}).get("ENGINE", "")
    try:
        engine = import_string(engine_path)
        chinese = import_string(CHINESE_ENGINE)
    except ImportError:
        return False
    return isinstance(engine, type) and issubclass(engine, chinese)
