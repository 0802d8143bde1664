"""Warm on start: a web process loads the Chinese dictionary before its first
search, so that search is as fast as the next (issue 15, point 8)."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from shopkit.search.warm import serves_requests

ROOT = Path(__file__).resolve().parents[2]

#: Imports the project's WSGI application as a server would (``ready()`` runs
#: there), loads the URLconf and serves a trivial request (costs any first
#: request pays, search or not), then times two different searches (on an
#: empty index; the query's synonyms are read from the migrated database).
SERVER = textwrap.dedent(
    """
    import json, sys, time
    from django.core.wsgi import get_wsgi_application
    from django.urls import resolve

    application = get_wsgi_application()
    from django.test import Client
    from shopkit.search.whoosh_cn import analyzer

    loaded_on_start = analyzer.jieba_tokenizer.cache_info().currsize == 1
    client = Client()
    resolve("/v1/goods/search")
    # What any first request pays (middleware, the API's first call): an empty
    # query, answered by the same view before it searches.
    client.get("/v1/goods/search", {"q": ""})

    def timed(query):
        started = time.perf_counter()
        answer = client.get("/v1/goods/search", {"q": query})
        elapsed = time.perf_counter() - started
        assert answer.status_code == 200 and answer.json()["code"] == 200, answer.content[:500]
        return elapsed

    first = timed("新鲜草莓")
    loaded_by_first = analyzer.jieba_tokenizer.cache_info().currsize == 1
    second = timed("进口苹果")
    print(json.dumps({
        "loaded_on_start": loaded_on_start, "loaded_by_first": loaded_by_first,
        "first": first, "second": second,
    }))
    """
)


def environment(directory, warm):
    """A process of the test settings on its own SQLite database in ``directory``
    (never the services' database: this process is not inside a test transaction)."""
    (directory / "warm_settings.py").write_text(
        "from tests.settings import *\n"
        'ALLOWED_HOSTS = ["testserver"]\n'
        f"SHOPKIT_SEARCH_WARM_ON_START = {warm}\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "warm_settings",
        "PYTHONPATH": os.pathsep.join([str(directory), str(ROOT), str(ROOT / "example_project")]),
        "SHOPKIT_VAR_DIR": str(directory / "var"),
    }


def run(directory, warm, *argv):
    result = subprocess.run(
        [sys.executable, *argv],
        env=environment(directory, warm),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=directory,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def start_server(tmp_path, warm):
    (tmp_path / "server.py").write_text(SERVER)
    run(tmp_path, warm, "-m", "django", "migrate", "--verbosity", "0")
    output = run(tmp_path, warm, str(tmp_path / "server.py"))
    return json.loads(output.strip().splitlines()[-1])


def test_the_first_search_after_a_start_is_as_fast_as_the_second(tmp_path):
    timings = start_server(tmp_path, warm=True)
    assert timings["loaded_on_start"]
    # A ratio, not an absolute time: without warming the first takes ~1 s more.
    assert timings["first"] < 5 * timings["second"] + 0.05, timings


def test_warming_off_leaves_the_dictionary_to_the_first_search(tmp_path):
    timings = start_server(tmp_path, warm=False)
    # Mapping the dictionary is quick now (search/whoosh_cn/dictionary.py), so
    # what is left to check is who loads it, not how long it takes.
    assert not timings["loaded_on_start"] and timings["loaded_by_first"], timings


@pytest.mark.parametrize(
    ("argv", "environ", "warms"),
    [
        (["gunicorn", "shop.wsgi"], {}, True),
        (["/srv/venv/bin/uvicorn", "shop.asgi:application"], {}, True),
        (["manage.py", "migrate"], {}, False),
        (["manage.py", "collectstatic", "--noinput"], {}, False),
        (["manage.py"], {}, False),
        (["manage.py", "runserver"], {}, False),  # the autoreloader only watches
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, True),
        (["manage.py", "runserver", "--noreload"], {}, True),
        (["/usr/lib/python3/site-packages/django/__main__.py", "migrate"], {}, False),
        (["celery", "-A", "shop", "worker", "-l", "info"], {}, True),
        (["celery", "-A", "shop", "beat"], {}, False),
    ],
)
def test_only_processes_that_search_warm(argv, environ, warms):
    assert serves_requests(argv, environ) is warms


def test_a_worker_child_warms_unless_the_setting_is_off(settings, monkeypatch):
    from shopkit.search import warm

    calls = []
    monkeypatch.setattr(warm, "warm", lambda: calls.append(1) or True)
    settings.SHOPKIT_SEARCH_WARM_ON_START = False
    warm.warm_worker_process()
    assert warm.warm_on_start() is False and calls == []
    settings.SHOPKIT_SEARCH_WARM_ON_START = True
    warm.warm_worker_process()
    assert calls == [1]
