"""What ``/health/`` checks: every database, every cache and storage purpose
through the shop's own seams, and the Celery broker.

Each check is a django-health-check ``HealthCheck``, so the view answers in
that library's formats (JSON, text, OpenMetrics, HTML) and a project can add
its own checks beside these (see the deployment docs).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Iterator

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceReturnedUnexpectedResult, ServiceUnavailable

from shopkit.core.backends import CACHE_PURPOSES, STORAGE_PURPOSES, get_cache, get_storage

#: Long enough for a healthy service on another machine, short enough that a
#: load balancer's probe (often 5 s) gets an answer.
PROBE_TIMEOUT = datetime.timedelta(seconds=3)


def _unavailable(what: str, exc: BaseException) -> ServiceUnavailable:
    # The exception's class names the failure (ConnectionError, TimeoutError)
    # without its message, which may carry hosts or credentials.
    return ServiceUnavailable(f"{what}: {type(exc).__name__}")


@dataclasses.dataclass
class CacheCheck(HealthCheck):
    """The cache the shop uses for ``purpose`` stores, returns and deletes a value."""

    purpose: str
    timeout = PROBE_TIMEOUT

    def run(self) -> None:
        cache = get_cache(self.purpose)
        key, value = f"shopkit:health:{uuid.uuid4().hex}", uuid.uuid4().hex
        try:
            cache.set(key, value, 30)
            answer = cache.get(key)
            cache.delete(key)
        except Exception as exc:
            raise _unavailable(f"cache for {self.purpose!r} unreachable", exc) from exc
        if answer != value:
            raise ServiceReturnedUnexpectedResult(f"cache for {self.purpose!r} lost a value")


@dataclasses.dataclass
class StorageCheck(HealthCheck):
    """The storage the shop uses for ``purpose`` saves, reads back and deletes a file."""

    purpose: str
    timeout = PROBE_TIMEOUT

    def run(self) -> None:
        storage = get_storage(self.purpose)
        content = uuid.uuid4().hex.encode()
        try:
            name = storage.save(f"shopkit-health/{uuid.uuid4().hex}.txt", ContentFile(content))
            try:
                with storage.open(name) as file:
                    answer = file.read()
            finally:
                storage.delete(name)
        except Exception as exc:
            raise _unavailable(f"storage for {self.purpose!r} unreachable", exc) from exc
        if answer != content:
            raise ServiceReturnedUnexpectedResult(f"storage for {self.purpose!r} changed a file")


@dataclasses.dataclass
class BrokerCheck(HealthCheck):
    """The Celery broker accepts a connection (a worker need not be running)."""

    timeout = PROBE_TIMEOUT

    def run(self) -> None:
        try:
            with current_app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:
            raise _unavailable("broker unreachable", exc) from exc


def shop_checks() -> Iterator[HealthCheck]:
    """The checks ``/health/`` runs, for this project's settings."""
    for alias in settings.DATABASES:
        yield Database(alias=alias)
    for purpose in CACHE_PURPOSES:
        yield CacheCheck(purpose=purpose)
    for purpose in STORAGE_PURPOSES:
        yield StorageCheck(purpose=purpose)
    # Tasks that run inside the web process (eager mode) use no broker.
    if not current_app.conf.task_always_eager:
        yield BrokerCheck()
