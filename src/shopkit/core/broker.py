"""Where shopkit's Celery tasks go when a project has no broker.

Without a Celery app configured from Django settings, or without a broker,
Celery would send every task (activation mail, index refresh, refunds) to
``amqp://localhost`` and lose it when nothing listens there. shopkit refuses
to lose work silently:

- with ``DEBUG`` on, tasks run in the web process (Celery's eager mode), and a
  warning says so once at start-up: a new project works before it has a
  broker;
- with ``DEBUG`` off, the system check ``shopkit.E010`` fails and names the
  lines to add, because running tasks inside web requests is not a
  production setup.

It also adds the periodic tasks plugins ask for (``shopkit_beat_schedule``)
to the beat schedule of the same Celery app.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, MutableMapping
from typing import Any

from celery import current_app
from django.conf import settings

from shopkit.plugins import get_plugin_manager

logger = logging.getLogger(__name__)

#: The lines a project adds to get a real Celery app and broker.
CELERY_APP_HINT = (
    "Create <project>/celery.py with: app = Celery('<project>'); "
    "app.config_from_object('django.conf:settings', namespace='CELERY'); "
    "app.autodiscover_tasks(); import it in <project>/__init__.py "
    "(from .celery import app as celery_app) and set "
    "CELERY_BROKER_URL = 'redis://127.0.0.1:6379/0' (or amqp://…) in settings."
)

_ran_in_process = False


def has_broker() -> bool:
    """Whether tasks reach a broker or run eagerly by the project's choice."""
    conf = current_app.conf
    return bool(conf.task_always_eager or conf.broker_url)


def runs_tasks_in_process() -> bool:
    """Whether shopkit switched tasks to in-process because no broker is set."""
    return _ran_in_process


def run_tasks_in_process_without_broker() -> None:
    """Called once from ``ready()``: with ``DEBUG`` on and no broker, run tasks eagerly."""
    global _ran_in_process
    if has_broker() or not settings.DEBUG:
        return
    current_app.conf.task_always_eager = True
    _ran_in_process = True
    logger.warning(
        "No Celery broker is configured: shopkit runs its tasks inside the web process "
        "while DEBUG is on. %s",
        CELERY_APP_HINT,
    )


class BeatScheduleWithPlugins(MutableMapping[str, Any]):
    """A Celery app's beat schedule plus every plugin's entries, merged when read.

    Beat reads its schedule when it starts, after the plugins are loaded, and
    a plugin registered or unregistered later is seen at the next read. The
    app's own entries (the host's ``CELERY_BEAT_SCHEDULE``, ``add_periodic_task``)
    win over a plugin's of the same name, and are the only ones written to.
    """

    def __init__(self, own: MutableMapping[str, Any]) -> None:
        self.own = own

    def merged(self) -> dict[str, Any]:
        plugins: dict[str, Any] = {}
        for answer in get_plugin_manager().hook.shopkit_beat_schedule():
            for name, entry in answer.items():
                plugins.setdefault(name, entry)  # the plugin called first wins
        return {**plugins, **self.own}

    def __getitem__(self, name: str) -> Any:
        return self.merged()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.merged())

    def __len__(self) -> int:
        return len(self.merged())

    def __setitem__(self, name: str, entry: Any) -> None:
        self.own[name] = entry

    def __delitem__(self, name: str) -> None:
        del self.own[name]


def include_plugin_beat_entries() -> None:
    """Called once from ``ready()``: the current Celery app's beat schedule
    also holds the plugins' entries (idempotent)."""
    conf = current_app.conf
    if not isinstance(conf.beat_schedule, BeatScheduleWithPlugins):
        conf.beat_schedule = BeatScheduleWithPlugins(conf.beat_schedule)
