"""The shopkit demo store.

With no environment variables it runs on embedded defaults: SQLite, a
local-memory cache, eager Celery, a Whoosh index and media on disk under
``var/``. Environment variables switch to real services:

- ``DATABASE_URL``       e.g. ``postgres://user@127.0.0.1:5432/shopkit``
- ``DATABASE_REPLICA_URL`` a read replica of that database, for catalogue reads
- ``REDIS_URL``          django-redis cache (compressed), e.g. ``redis://127.0.0.1:6379/0``
- ``CELERY_BROKER_URL``  a real broker (Redis or RabbitMQ); tasks then go to workers
- ``DEMO_ADDR``          where ``make demo`` serves (``WAGTAILADMIN_BASE_URL`` follows it)
- ``DJANGO_DEBUG=0`` with ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` for production;
  payments then go to Alipay: ``ALIPAY_APP_ID``, ``ALIPAY_SELLER_ID``,
  ``ALIPAY_APP_PRIVATE_KEY_FILE`` and ``ALIPAY_PUBLIC_KEY_FILE`` (PEM files)
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

import shopkit

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SHOPKIT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite file, media and index live here


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def read_text_file(path: str | None) -> str:
    return Path(path).read_text() if path else ""


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def demo_base_url(addr: str) -> str:
    """The address ``make demo`` serves on (``DEMO_ADDR``, as ``runserver``
    takes it: ``port``, ``host:port`` or ``[ipv6]:port``), as a URL a browser
    opens: a server listening on every interface is reached on 127.0.0.1."""
    match = re.fullmatch(r"(?:(\[[0-9a-fA-F:]+\]|[\w.-]+):)?(\d{1,5})", addr.strip())
    if match is None:
        raise ImproperlyConfigured(
            f"DEMO_ADDR must be a port or host:port, as runserver takes it, not {addr!r}."
        )
    host, port = match.group(1) or "127.0.0.1", match.group(2)
    if host in {"0", "0.0.0.0", "[::]"}:
        host = "127.0.0.1"
    return f"http://{host}:{port}"


DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "demo-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
else:
    try:
        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    except KeyError:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.") from None

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

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
        "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    ]
)

ROOT_URLCONF = "example_project.urls"
WSGI_APPLICATION = "example_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction begins, so concurrent payment
    # notifications queue up instead of deadlocking on a lock upgrade.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# A streaming replica of DATABASE_URL's database, serving catalogue reads
# (docs/deployment.md, "Read replicas").
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=600, conn_health_checks=True
    )
    DATABASE_ROUTERS = ["shopkit.core.routers.ReplicaRouter"]
    SHOPKIT_READ_REPLICAS = ["replica"]
    MIDDLEWARE.insert(0, "shopkit.core.middleware.ReadYourWritesMiddleware")

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "COMPRESSOR": "django_redis.compressors.zlib.ZlibCompressor",
                # Fail fast when Redis is unreachable: the shop degrades
                # (docs/cart.md "When Redis is down") instead of holding workers.
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
    # Sessions read from Redis, written to the database too (docs/accounts.md).
    SESSION_ENGINE = "shopkit.accounts.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A session's user comes from the per-user cache API tokens use, not a SELECT.
AUTHENTICATION_BACKENDS = ["shopkit.accounts.backends.CachedUserBackend"]

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = "CELERY_BROKER_URL" not in os.environ
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND")
CELERY_TIMEZONE = "Asia/Shanghai"
HAYSTACK_CONNECTIONS = {
    "default": {
        # Whoosh with jieba word segmentation, so Chinese queries find Chinese names.
        "ENGINE": "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine",
        "PATH": str(VAR_DIR / "whoosh_index"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
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

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "shop@localhost")

# The API is called from a static front end on another origin.
CORS_URLS_REGEX = r"^/v1/.*$"
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "POST", "PUT"]
CORS_ALLOW_HEADERS = ["authorization", "content-type"]

SHOPKIT_STATIC_INDEX_PATH = VAR_DIR / "static_index" / "index.html"
# Verification codes are printed by the runserver process instead of texted.
SHOPKIT_SMS_PROVIDERS = {
    "console": {"BACKEND": "shopkit.accounts.sms.console.ConsoleSMSProvider"},
}
LOGIN_URL = "shopkit_accounts:login"
# Payments run offline on the sandbox provider; see docs/payments.md for Alipay.
SHOPKIT_PAYMENT_PROVIDERS = {
    "sandbox": {"BACKEND": "shopkit.payments.providers.sandbox.SandboxPaymentProvider"},
}
SHOPKIT_DEFAULT_PAYMENT_PROVIDER = "sandbox"

WAGTAIL_SITE_NAME = "shopkit"
SHOPKIT_SHOP_NAME = "天天生鲜"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or demo_base_url(
    os.environ.get("DEMO_ADDR", "127.0.0.1:8000")
)
# The demo runs offline: its admin asks no outside host for avatars, releases or news.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"shopkit": {"handlers": ["console"], "level": "INFO"}},
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Production takes real money: Alipay with keys read from files, never the
    # sandbox (it lets anyone mark an order paid). The package is switched on
    # by naming it, and configured under its name; until ALIPAY_APP_ID is set
    # no provider is active and `manage.py check` says so (shopkit.E007).
    SHOPKIT_PLUGINS = ["shopkit.contrib.alipay"]
    SHOPKIT_PAYMENT_PROVIDERS = {}
    if os.environ.get("ALIPAY_APP_ID"):
        SHOPKIT_PAYMENT_PROVIDERS["alipay"] = {
            "OPTIONS": {
                "app_id": os.environ["ALIPAY_APP_ID"],
                "seller_id": os.environ.get("ALIPAY_SELLER_ID", ""),
                "app_private_key": read_text_file(os.environ.get("ALIPAY_APP_PRIVATE_KEY_FILE")),
                "alipay_public_key": read_text_file(os.environ.get("ALIPAY_PUBLIC_KEY_FILE")),
            }
        }
    # Codes printed to a server's console reach nobody: configure a real SMS
    # provider (shopkit.contrib.yuntongxun) to send them.
    SHOPKIT_SMS_PROVIDERS = {}
    SHOPKIT_DEFAULT_PAYMENT_PROVIDER = "alipay"
