"""Every test's setup, in one place.

Shared fixtures live in ``tests/fixtures/``, one module per area, and reach
every test through ``pytest_plugins`` below: a test asks for ``alice``,
``fruit`` or ``live_celery_worker`` by name wherever it lives, and helpers
(``make_skus``, ``PASSWORD``, ``call``…) are imported from their module there.
A fixture only one test module uses stays in that module; no fixture is
defined twice, and no conftest below this one re-exports fixtures.

This module also runs the real-service tiers: a test marked
``@pytest.mark.services("postgres", ...)`` runs only where that service is
configured and reachable. Elsewhere it skips with the reason; under
``CI=true`` a missing service fails the test instead.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings

pytest_plugins = [
    "tests.fixtures.isolation",
    "tests.fixtures.accounts",
    "tests.fixtures.catalogue",
    "tests.fixtures.content",
    "tests.fixtures.orders",
    "tests.fixtures.payments",
    "tests.fixtures.search",
    "tests.fixtures.login_providers",
    "tests.fixtures.browser",
    "tests.fixtures.services",
    "tests.fixtures.replica",
]

KNOWN_SERVICES = {"postgres", "redis", "celery", "nginx"}


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
    if name == "nginx":
        from stack import StackError, find_nginx

        try:
            find_nginx()
        except StackError as error:
            return str(error)
        return None
    raise ValueError(f"Unknown service {name!r}; use one of {sorted(KNOWN_SERVICES)}")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "services(*names): needs real services (postgres, redis, celery, nginx)"
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
        from tests.fixtures.browser import missing_browser

        reasons += [reason for reason in [missing_browser()] if reason]
    if "axe" in getattr(item, "fixturenames", ()):
        from tests.fixtures.browser import missing_axe

        reasons += [reason for reason in [missing_axe()] if reason]
    if not reasons:
        return
    message = "; ".join(reasons)
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true requires the real service: {message}", pytrace=False)
    pytest.skip(message)
