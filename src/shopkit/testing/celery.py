"""The Celery app of ``shopkit.testing.settings``: it reads the ``CELERY_*``
settings (eager tasks), and is the default app, so shopkit's ``shared_task``\\ s
run in the test process instead of going to ``amqp://localhost``."""

from celery import Celery

app = Celery("shopkit_testing")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.set_default()
