"""Real-service tiers: a test marked ``@pytest.mark.services("postgres", ...)``
runs only where that service is configured and reachable. Elsewhere it skips
with the reason; under ``CI=true`` a missing service fails the test instead."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings

KNOWN_SERVICES = {"postgres", "redis", "celery"}


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def missing_service(name: str) -> str | None:
    """Why ``name`` cannot be used here, or ``None`` if it can."""
    if name == "postgres":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "needs PostgreSQL: set DATABASE_URL=postgres://… (tox -e services does)"
        return None
    if name == "redis":
        url = os.environ.get("REDIS_URL")
        if not url:
            return "needs Redis: set REDIS_URL=redis://… (tox -e services does)"
        return None if reachable(url, 6379) else f"Redis at {url} is not reachable"
    if name == "celery":
        url = os.environ.get("CELERY_BROKER_URL")
        if not url:
            return "needs a Celery broker: set CELERY_BROKER_URL (tox -e services does)"
        default_port = 5672 if url.startswith("amqp") else 6379
        return None if reachable(url, default_port) else f"broker at {url} is not reachable"
    raise ValueError(f"Unknown service {name!r}; use one of {sorted(KNOWN_SERVICES)}")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "services(*names): needs real services (postgres, redis, celery)"
    )
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright")
    config.addinivalue_line(
        "markers", "quickstart: a new Wagtail project set up as docs/quickstart.md says"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    reasons = []
    marker = item.get_closest_marker("services")
    if marker is not None:
        reasons += [reason for reason in map(missing_service, marker.args) if reason]
    if item.get_closest_marker("browser") is not None:
        from tests.browser import missing_browser

        reasons += [reason for reason in [missing_browser()] if reason]
    if not reasons:
        return
    message = "; ".join(reasons)
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true requires the real service: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def rebuilt_plugins():
    """Rebuild the plugin manager from the (overridden) settings; restore it afterwards."""
    from shopkit import plugins

    yield plugins.rebuild
    plugins.rebuild()


@pytest.fixture(scope="session")
def local_s3():
    """moto's S3 server on 127.0.0.1 with an empty bucket, for the whole run.

    Point the S3 plugin at it with
    ``settings.SHOPKIT_S3_STORAGE_OPTIONS = local_s3.storage_options``.
    """
    from shopkit.testing.s3_server import LocalS3

    with LocalS3() as server:
        yield server


class LiveWorker:
    def __init__(self, queue: str, mail_dir, log_path):
        self.queue = queue
        self.mail_dir = mail_dir
        self.log_path = log_path


@pytest.fixture
def live_celery_worker(tmp_path):
    """A real ``celery worker`` process on the configured broker, consuming a
    queue of its own (so stale messages of other runs never reach it)."""
    import subprocess
    import sys
    import time
    import uuid
    from pathlib import Path

    from example_project.celery import app

    repo = Path(__file__).resolve().parent.parent
    queue = f"shopkit-test-{uuid.uuid4().hex[:10]}"
    node = f"{queue}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "SHOPKIT_VAR_DIR": str(tmp_path),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PYTHONPATH": os.pathsep.join(
            [str(repo), str(repo / "example_project"), os.environ.get("PYTHONPATH", "")]
        ),
    }
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        # The worker must see the test database pytest-django created, not the configured one.
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        )
    log_path = tmp_path / "worker.log"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "example_project",
        "worker",
        "-P",
        "solo",
        "-Q",
        queue,
        "-n",
        node,
        "--without-gossip",
        "--without-mingle",
        "-l",
        "info",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not any(node in reply for reply in app.control.ping(timeout=1)):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Celery worker did not start:\n{log_path.read_text()}")
        app.conf.task_always_eager = False
        yield LiveWorker(queue, tmp_path / "mail", log_path)
    finally:
        app.conf.task_always_eager = True
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def fruit(db):
    from shopkit.goods.models import Category
    from tests.catalogue import make_skus, strawberry_spu

    fruit = Category.objects.create(name="新鲜水果", sort_order=1)
    spu, berries = strawberry_spu(fruit)
    apples = make_skus(fruit, 3, prefix="苹果")
    return {"category": fruit, "spu": spu, "berries": berries, "apples": apples}


@pytest.fixture(autouse=True)
def isolated_caches_and_media(settings, tmp_path):
    """Each test starts with empty caches and its own media folder."""
    from django.core.cache import caches

    settings.MEDIA_ROOT = tmp_path / "media"
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def wagtail_home(db):
    """The default site's home page (recreated when a transactional test flushed it)."""
    from wagtail.models import Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site:
        return site.root_page
    from django.conf import settings as django_settings
    from wagtail.coreutils import get_supported_content_language_variant

    language = get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    Locale.objects.get_or_create(language_code=language)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home
