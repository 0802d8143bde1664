"""System checks for a host project's shopkit wiring: middleware, URLs, the
Celery broker, storage plugins and removed settings; and the plugins' own
checks (``shopkit_system_checks``). Each of shopkit's messages names the
line to add. (What placing orders needs of the database is checked by
``shopkit.orders.checks``; the provider families' entries by their apps.)"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Warning
from django.urls import NoReverseMatch, reverse

from shopkit.conf import app_settings
from shopkit.core.backends import STORAGE, has_backend
from shopkit.core.broker import CELERY_APP_HINT, has_broker, runs_tasks_in_process
from shopkit.core.providers import unprovided_names
from shopkit.plugins import get_plugin_manager
from shopkit.wiring import (
    API_MIDDLEWARE,
    CART_MIDDLEWARE,
    CORS_MIDDLEWARE,
    PLACEMENTS,
    Placement,
)

MIDDLEWARE_HINT = "Write MIDDLEWARE = shopkit.middleware(MIDDLEWARE) after MIDDLEWARE, or add"

#: Middleware without which a request can fail or data is lost, with the ids
#: of the "missing" and "misplaced" errors.
REQUIRED_MIDDLEWARE = {
    API_MIDDLEWARE: ("shopkit.E002", "shopkit.E003"),
    CART_MIDDLEWARE: ("shopkit.E004", "shopkit.E005"),
}

#: One URL name per namespace the one include (``shopkit.urls``) registers.
SHOPKIT_URL_NAMES = (
    ("shopkit_storefront:index", {}),
    ("shopkit_accounts:login", {}),
    ("shopkit_orders:list", {}),
    ("shopkit_payments:result", {}),
    ("shopkit_pays_notify", {"provider": "sandbox"}),
    ("shopkit_api:openapi-json", {}),
)
URLS_LINE = 'path("", include("shopkit.urls")),'


def check_middleware(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    middleware = list(settings.MIDDLEWARE)
    messages: list[CheckMessage] = []
    for placement in PLACEMENTS:
        if placement.path in REQUIRED_MIDDLEWARE:
            messages += _check_placement(middleware, placement)
    if CORS_MIDDLEWARE not in middleware:
        messages.append(
            Warning(
                f"{CORS_MIDDLEWARE} is not in MIDDLEWARE: a front end on another origin "
                "cannot call the API.",
                hint=f"{MIDDLEWARE_HINT} {_cors().line} first in MIDDLEWARE.",
                id="shopkit.W003",
            )
        )
    return messages


REPLICA_ROUTER = "shopkit.core.routers.ReplicaRouter"
READ_YOUR_WRITES_MIDDLEWARE = "shopkit.core.middleware.ReadYourWritesMiddleware"


def check_replicas(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Replicas named in ``SHOPKIT_READ_REPLICAS`` are used only through the
    router, and a shopper sees their own writes only with the middleware."""
    if not app_settings.READ_REPLICAS:
        return []
    missing = []
    if REPLICA_ROUTER not in list(getattr(settings, "DATABASE_ROUTERS", [])):
        missing.append((
            f"{REPLICA_ROUTER} is not in DATABASE_ROUTERS: no read goes to the replicas",
            f'add DATABASE_ROUTERS = ["{REPLICA_ROUTER}"]',
        ))  # fmt: skip
    if READ_YOUR_WRITES_MIDDLEWARE not in list(settings.MIDDLEWARE):
        missing.append((
            f"{READ_YOUR_WRITES_MIDDLEWARE} is not in MIDDLEWARE: a shopper's catalogue "
            "pages right after a change may come from a replica that has not caught up",
            f'add "{READ_YOUR_WRITES_MIDDLEWARE}" first in MIDDLEWARE',
        ))  # fmt: skip
    return [
        Warning(
            f"SHOPKIT_READ_REPLICAS names replicas but {problem}.",
            hint=f'{hint.capitalize()} (see the deployment docs, "Read replicas").',
            id="shopkit.W023",
        )
        for problem, hint in missing
    ]


def _cors() -> Placement:
    return next(placement for placement in PLACEMENTS if placement.path == CORS_MIDDLEWARE)


def _check_placement(middleware: list[str], placement: Placement) -> list[CheckMessage]:
    missing_id, misplaced_id = REQUIRED_MIDDLEWARE[placement.path]
    after_class = str(placement.after).rsplit(".", 1)[-1]
    if placement.path not in middleware:
        return [
            Error(
                f"{placement.path} is not in MIDDLEWARE: {placement.why}.",
                hint=f"{MIDDLEWARE_HINT} {placement.line} right after {after_class}.",
                id=missing_id,
            )
        ]
    after = placement.after
    if after in middleware and middleware.index(placement.path) < middleware.index(after):
        return [
            Error(
                f"{placement.path} comes before {after_class}: {placement.why}.",
                hint=f"Move {placement.line} right after {after_class} in MIDDLEWARE.",
                id=misplaced_id,
            )
        ]
    return []


def check_urls(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every page links to every namespace, so one missing include is a 500 everywhere."""
    missing = []
    for name, url_kwargs in SHOPKIT_URL_NAMES:
        try:
            reverse(name, kwargs=url_kwargs)
        except NoReverseMatch:
            missing.append(name.split(":")[0])
    if not missing:
        return []
    return [
        Error(
            f"shopkit's URLs are not included in ROOT_URLCONF ({settings.ROOT_URLCONF}): "
            f"{', '.join(missing)} cannot be reversed, so shopkit's pages answer 500.",
            hint=f"Add {URLS_LINE} as the first entry of urlpatterns, before Wagtail's "
            "include(wagtail_urls) and any search/ route.",
            id="shopkit.E006",
        )
    ]


def check_broker(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Tasks without a broker would be sent to ``amqp://localhost`` and lost."""
    if runs_tasks_in_process():
        return [
            Info(
                "No Celery broker is configured: shopkit runs its tasks inside the web "
                "process while DEBUG is on.",
                hint=CELERY_APP_HINT,
                id="shopkit.I010",
            )
        ]
    if has_broker() or settings.DEBUG:
        return []
    ignored = ""
    if hasattr(settings, "CELERY_BROKER_URL"):
        ignored = " (CELERY_BROKER_URL is set, but no Celery app reads it)"
    return [
        Error(
            f"No Celery broker is configured{ignored}: shopkit's tasks (mail, search "
            "index, refunds) would be sent to amqp://localhost and lost.",
            hint=CELERY_APP_HINT,
            id="shopkit.E010",
        )
    ]


#: shopkit's provider packages, by the name each provides.
CONTRIB_PACKAGES = {
    "alipay": "shopkit.contrib.alipay",
    "wechatpay": "shopkit.contrib.wechatpay",
    "yuntongxun": "shopkit.contrib.yuntongxun",
    "weibo": "shopkit.contrib.weibo",
    "s3": "shopkit.contrib.s3",
    "fastdfs": "shopkit.contrib.fastdfs",
}


def unprovided_error(setting_name: str, name: str, detail: str = "") -> Error:
    """``shopkit.E014``: ``setting[name]`` has no BACKEND and no active plugin builds it."""
    package = CONTRIB_PACKAGES.get(name)
    plugin = f'"{package}"' if package else f"the package that provides {name!r}"
    return Error(
        f"{setting_name}[{name!r}] has no BACKEND, so only the plugin that provides "
        f"{name!r} can build it, and no active plugin does{detail}.",
        hint=f"Add {plugin} to SHOPKIT_PLUGINS, or give the entry a BACKEND.",
        id="shopkit.E014",
    )


def unprovided_errors(
    setting_name: str, config: dict[str, Any], provided: dict[str, Any]
) -> list[CheckMessage]:
    """``shopkit.E014`` for each name of a provider family's setting that has no
    BACKEND and is missing from the family's registry ``provided``."""
    return [unprovided_error(setting_name, name) for name in unprovided_names(config, provided)]


def check_storage_plugins(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A ``STORAGES`` entry without a BACKEND is built only by the storage plugin
    of its name, for the purposes mapped to it; without one, saving a file fails."""
    messages: list[CheckMessage] = []
    for alias in settings.STORAGES:
        if has_backend(alias):
            continue
        purposes = [p for p, target in app_settings.STORAGE_ALIASES.items() if target == alias]
        if not purposes:
            messages.append(
                Error(
                    f"STORAGES[{alias!r}] has no BACKEND and SHOPKIT_STORAGE_ALIASES maps no "
                    "purpose to it, so nothing can build it.",
                    hint=f'Map purposes to it, e.g. SHOPKIT_STORAGE_ALIASES = {{"sku_image": '
                    f'"{alias}"}}, with its storage plugin in SHOPKIT_PLUGINS; or give it a '
                    "BACKEND.",
                    id="shopkit.E014",
                )
            )
        elif not STORAGE.answered(purposes[0]):
            detail = f" (for the purposes {', '.join(purposes)})"
            messages.append(unprovided_error("STORAGES", alias, detail))
    return messages


#: Settings that were removed, with what replaces each.
REMOVED_SETTINGS = {
    "SHOPKIT_ALIPAY": 'SHOPKIT_PAYMENT_PROVIDERS["alipay"] = {"OPTIONS": {...}} with the '
    "keys in lower case (app_id, app_private_key, alipay_public_key, seller_id, gateway_url, "
    'sign_type, timeout) and "shopkit.contrib.alipay" in SHOPKIT_PLUGINS',
    "SHOPKIT_WEIBO": 'SHOPKIT_LOGIN_PROVIDERS["weibo"] = {"OPTIONS": {...}} with the keys '
    "in lower case (client_id, client_secret, authorize_url, token_url, timeout) and "
    '"shopkit.contrib.weibo" in SHOPKIT_PLUGINS',
    "SHOPKIT_S3_STORAGE_OPTIONS": 'STORAGES["s3"] = {"OPTIONS": {...}} with the same '
    'options and "shopkit.contrib.s3" in SHOPKIT_PLUGINS',
    "SHOPKIT_S3_PURPOSES": 'SHOPKIT_STORAGE_ALIASES = {"<purpose>": "s3", ...}',
    "SHOPKIT_FASTDFS_TRACKERS": 'STORAGES["fastdfs"] = {"OPTIONS": {"trackers": [...]}} '
    'and "shopkit.contrib.fastdfs" in SHOPKIT_PLUGINS',
    "SHOPKIT_FASTDFS_BASE_URL": 'the option "base_url" of STORAGES["fastdfs"]',
    "SHOPKIT_FASTDFS_CONNECT_TIMEOUT": 'the option "connect_timeout" of STORAGES["fastdfs"]',
    "SHOPKIT_FASTDFS_NETWORK_TIMEOUT": 'the option "network_timeout" of STORAGES["fastdfs"]',
    "SHOPKIT_FASTDFS_PURPOSES": 'SHOPKIT_STORAGE_ALIASES = {"<purpose>": "fastdfs", ...}',
}
#: Dotted paths that moved, as a setting may still name them.
MOVED_PATHS = {
    "shopkit.contrib.whoosh_cn.backend.ChineseWhooshEngine": (
        "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine"
    ),
}


def check_removed_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A removed setting is read by nothing: without this error a project
    upgrading would lose Alipay or Weibo login, or store files on local disk,
    without a word."""
    messages: list[CheckMessage] = [
        Error(
            f"{name} was removed: provider packages are configured in their family's "
            "setting, so this setting configures nothing.",
            hint=f"Replace it with {replacement} (see the CHANGELOG).",
            id="shopkit.E015",
        )
        for name, replacement in REMOVED_SETTINGS.items()
        if hasattr(settings, name)
    ]
    for alias, connection in getattr(settings, "HAYSTACK_CONNECTIONS", {}).items():
        engine = connection.get("ENGINE") if isinstance(connection, dict) else None
        if engine in MOVED_PATHS:
            messages.append(
                Error(
                    f"HAYSTACK_CONNECTIONS[{alias!r}] names {engine}, which moved, so search "
                    "cannot load its engine.",
                    hint=f'Use "ENGINE": "{MOVED_PATHS[engine]}".',
                    id="shopkit.E015",
                )
            )
    return messages


def run_plugin_checks(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The messages of every plugin's own checks (``shopkit_system_checks``)."""
    answers = get_plugin_manager().hook.shopkit_system_checks(app_configs=app_configs)
    return [message for answer in answers for message in answer]
