"""A host project for a plugin's own test suite.

Point it at this module (``DJANGO_SETTINGS_MODULE = shopkit.testing.settings``
in ``pytest.ini`` / ``[tool.pytest.ini_options]``, with pytest-django).

Everything embedded, nothing to start: SQLite, local-memory caches, Celery
tasks run eagerly in the test process (a Celery app reading these settings
is made the default app here, so no task goes to a broker), a Whoosh index,
media and mail under a temporary directory, every shopkit app and Wagtail,
shopkit's URLs (``shopkit.testing.urls``). Plugin autoload is off, as in
shopkit's own tests: register the plugin under test with the
``shopkit_plugin`` fixture, or name it in ``SHOPKIT_PLUGINS``. Start your own
settings from it to change anything::

    # tests/settings.py
    from shopkit.testing.settings import *  # noqa: F403

    SHOPKIT_PLUGIN_CONFIG = {"my-sms": {"api_key": "test"}}
"""

import tempfile
from pathlib import Path

import shopkit
from shopkit.testing.celery import app as celery_app  # noqa: F401 - the default app from now on

VAR_DIR = Path(tempfile.mkdtemp(prefix="shopkit-plugin-tests-"))

DEBUG = False
SECRET_KEY = "shopkit-testing-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

INSTALLED_APPS = [
    *shopkit.APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = shopkit.middleware(
    [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
)

ROOT_URLCONF = "shopkit.testing.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine",
        "PATH": str(VAR_DIR / "whoosh_index"),
    }
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

WAGTAIL_SITE_NAME = "shopkit plugin tests"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

SHOPKIT_PLUGIN_AUTOLOAD = False
SHOPKIT_STATIC_INDEX_PATH = VAR_DIR / "static_index" / "index.html"
SHOPKIT_SEARCH_WARM_ON_START = False
SHOPKIT_PAYMENT_PROVIDERS = {
    "sandbox": {"BACKEND": "shopkit.payments.providers.sandbox.SandboxPaymentProvider"},
}
SHOPKIT_SMS_PROVIDERS = {
    "console": {"BACKEND": "shopkit.accounts.sms.console.ConsoleSMSProvider"},
}
