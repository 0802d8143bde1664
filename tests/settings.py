"""Test settings: the demo store's settings, made hermetic.

The same environment variables as the demo switch to real services
(``DATABASE_URL``, ``REDIS_URL``, ``CELERY_BROKER_URL``); ``tox -e services``
sets them. Tasks stay eager unless a test starts a real worker.
"""

import json
import os
import tempfile

os.environ.setdefault("SHOPKIT_VAR_DIR", tempfile.mkdtemp(prefix="shopkit-tests-"))

from example_project.settings import *  # noqa: E402,F403

ROOT_URLCONF = "tests.urls"
SHOPKIT_PLUGIN_AUTOLOAD = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
# A test process is no server: don't load the search dictionary in every run
# (tests/search/test_warm.py starts processes that do).
SHOPKIT_SEARCH_WARM_ON_START = False
# Settings a test gives a process it starts (a Celery worker), as JSON.
globals().update(json.loads(os.environ.get("SHOPKIT_TEST_EXTRA_SETTINGS", "{}")))
