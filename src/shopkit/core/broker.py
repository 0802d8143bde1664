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
"""

from __future__ import annotations

import logging

from celery import current_app
from django.conf import settings

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
