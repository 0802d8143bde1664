"""Asking the plugins for infrastructure: which storage, which cache.

Backends stay plain Django objects; the hooks only choose which one. Both go
through the seam resolver (``shopkit.core.seams``), which keeps the answer per
purpose (caches per purpose and thread) until the plugins or settings change.

When the cache is down (Redis unreachable) the shop degrades instead of
falling over (DESIGN.md §5, STYLE.md #19). :func:`get_cache` stays the plain
Django cache; callers choose how an outage reaches them:

* :func:`soft_cache` — django-redis's ``IGNORE_EXCEPTIONS`` semantics for data
  that can be rebuilt (page data, browse history): a read is a miss, a write
  is dropped.
* :func:`required_cache` / :func:`cache_required` — for data that must not be
  lost or guessed (carts, codes): the call raises :class:`CacheUnavailable`,
  a ``ShopkitError`` with ``ErrorCode.SERVICE_UNAVAILABLE``.

Either way the outage is logged once per :data:`OUTAGE_LOG_INTERVAL` and
purpose, not per call, and the next call tries the cache again, so the shop
recovers by itself when Redis returns.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Literal

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, storages
from django.http import HttpRequest

from shopkit.conf import app_settings
from shopkit.core.exceptions import ServiceUnavailable
from shopkit.core.seams import Seam

logger = logging.getLogger("shopkit.cache")


class StoragePurpose:
    """Every purpose shopkit asks ``shopkit_storage(purpose)`` for. Plain strings,
    so a plugin compares them with literals (``purpose == "sku_image"``)."""

    SKU_IMAGE = "sku_image"
    BRAND_LOGO = "brand_logo"
    BANNER = "banner"
    STATIC_INDEX = "static_index"


class CachePurpose:
    """Every purpose shopkit asks ``shopkit_cache(purpose)`` for."""

    PAGE = "page"
    CART = "cart"
    CODE = "code"
    HISTORY = "history"
    ORDER = "order"
    PAYMENTS = "payments"
    RATELIMIT = "ratelimit"
    TOKEN = "token"


def _purposes(namespace: type) -> tuple[str, ...]:
    return tuple(value for name, value in vars(namespace).items() if name.isupper())


#: The storage purposes, in declaration order (system checks, ``shopkit_plugins``).
STORAGE_PURPOSES = _purposes(StoragePurpose)
#: The cache purposes, in declaration order.
CACHE_PURPOSES = _purposes(CachePurpose)

STORAGE: Seam[Storage] = Seam(
    "shopkit_storage",
    argnames=["purpose"],
    fix="add a storage to STORAGES (SHOPKIT_STORAGE_ALIASES maps purposes to its aliases; "
    "an entry without a BACKEND needs the storage plugin of its name in SHOPKIT_PLUGINS) "
    "or a plugin that implements shopkit_storage",
)

CACHE: Seam[BaseCache] = Seam(
    "shopkit_cache",
    argnames=["purpose"],
    kept="thread",
    fix="add a cache to CACHES (SHOPKIT_CACHE_ALIASES maps purposes to its aliases) "
    "or a plugin that implements shopkit_cache",
)


def get_storage(purpose: str) -> Storage:
    """The storage ``shopkit_storage(purpose)`` chose."""
    return STORAGE.get(purpose)


def get_cache(purpose: str) -> BaseCache:
    """The cache ``shopkit_cache(purpose)`` chose (for this thread)."""
    return CACHE.get(purpose)


# --- when the cache is down ----------------------------------------------------


class CacheUnavailable(ServiceUnavailable):
    """The cache of a purpose that must not be skipped (cart, codes) is unreachable.

    Nothing was changed; the API answers ``SERVICE_UNAVAILABLE`` (503), the
    storefront shows the code's message.
    """


def _outage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is a dependency of django-redis
        pass
    else:
        errors += [RedisConnectionError, RedisTimeoutError]
    try:
        from django_redis.exceptions import ConnectionInterrupted
    except ImportError:  # pragma: no cover
        pass
    else:
        errors.append(ConnectionInterrupted)
    return tuple(errors)


#: What a cache raises when its server cannot be reached: django-redis's
#: ``ConnectionInterrupted`` (its cache methods) and redis-py's connection and
#: timeout errors (a raw client, as the Redis cart store uses).
CACHE_OUTAGE_ERRORS: tuple[type[BaseException], ...] = _outage_errors()

#: Seconds between two log records of one purpose's outage.
OUTAGE_LOG_INTERVAL = 60.0

_last_logged: dict[str, float] = {}
_log_lock = threading.Lock()


def is_cache_outage(exc: BaseException) -> bool:
    """Whether ``exc`` means the cache server could not be reached."""
    return isinstance(exc, CACHE_OUTAGE_ERRORS)


def log_cache_outage(purpose: str, exc: BaseException, what: str = "skipped") -> None:
    """Log that ``purpose``'s cache is down, at most once per :data:`OUTAGE_LOG_INTERVAL`."""
    now = time.monotonic()
    with _log_lock:
        last = _last_logged.get(purpose)
        if last is not None and now - last < OUTAGE_LOG_INTERVAL:
            return
        _last_logged[purpose] = now
    logger.warning(
        "Cache for %r is unreachable (%s: %s); %s. Logged once per %d s while it lasts.",
        purpose, type(exc).__name__, exc, what, OUTAGE_LOG_INTERVAL,
    )  # fmt: skip


@contextmanager
def cache_required(purpose: str) -> Iterator[None]:
    """Turn a cache outage inside the block into :class:`CacheUnavailable`
    (logged once per window): ``with cache_required("cart"): client.hset(...)``."""
    try:
        yield
    except CACHE_OUTAGE_ERRORS as exc:
        log_cache_outage(purpose, exc, "answering 'temporarily unavailable'")
        raise CacheUnavailable() from exc


Policy = Literal["soft", "required", "local"]


class GuardedCache:
    """A purpose's cache whose outages are handled by a policy.

    Every method of Django's cache API goes to the cache ``get_cache(purpose)``
    answers at the time of the call (so setting changes and recovery apply);
    other attributes (``client``, ``ttl`` …) are the cache's own, unguarded.

    ``soft``: a read answers its miss value (``default``, ``{}``, ``False``),
    a write is dropped (``add`` answers ``False``, ``incr`` raises
    ``ValueError`` as for a missing key). ``required``: raises
    :class:`CacheUnavailable`. ``local``: the call goes to a local-memory
    cache of this process instead (counters keep counting, per process).
    """

    #: Method name → the value a soft call answers during an outage.
    SOFT_ANSWERS: dict[str, Callable[..., Any]] = {
        "get": lambda key, default=None, *args, **kwargs: default,
        "get_many": lambda *args, **kwargs: {},
        "has_key": lambda *args, **kwargs: False,
        "set": lambda *args, **kwargs: None,
        "add": lambda *args, **kwargs: False,
        "touch": lambda *args, **kwargs: False,
        "delete": lambda *args, **kwargs: False,
        "set_many": lambda *args, **kwargs: [],
        "delete_many": lambda *args, **kwargs: None,
        "clear": lambda *args, **kwargs: None,
        "get_or_set": lambda key, default, *args, **kwargs: (
            default() if callable(default) else default
        ),
    }

    OUTAGE_ANSWERS: dict[str, str] = {
        "soft": "reads miss, writes are dropped",
        "required": "answering 'temporarily unavailable'",
        "local": "using a local-memory cache in this process until it returns",
    }

    def __init__(self, purpose: str, policy: Policy) -> None:
        self.purpose = purpose
        self.policy = policy

    @property
    def wrapped(self) -> BaseCache:
        return get_cache(self.purpose)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.wrapped, name)(*args, **kwargs)
        except CACHE_OUTAGE_ERRORS as exc:
            log_cache_outage(self.purpose, exc, self.OUTAGE_ANSWERS[self.policy])
            if self.policy == "required":
                raise CacheUnavailable() from exc
            if self.policy == "local":
                return getattr(_local_cache(self.purpose), name)(*args, **kwargs)
            if name in {"incr", "decr"}:
                raise ValueError(f"Cache for {self.purpose!r} is unreachable.") from exc
            return self.SOFT_ANSWERS[name](*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)

    def __repr__(self) -> str:
        return f"<GuardedCache {self.purpose!r} {self.policy}>"


def _guarded(name: str) -> Any:
    def method(self: GuardedCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _cache_method in (*GuardedCache.SOFT_ANSWERS, "incr", "decr"):
    setattr(GuardedCache, _cache_method, _guarded(_cache_method))

_local_caches: dict[str, BaseCache] = {}


def _local_cache(purpose: str) -> BaseCache:
    from django.core.cache.backends.locmem import LocMemCache

    with _log_lock:
        if purpose not in _local_caches:
            _local_caches[purpose] = LocMemCache(f"shopkit-outage-{purpose}", {})
        return _local_caches[purpose]


def soft_cache(purpose: str) -> Any:
    """``get_cache(purpose)`` that treats an outage as a miss (reads) or a no-op (writes):
    for data that can be rebuilt (page data, browse history)."""
    return GuardedCache(purpose, "soft")


def required_cache(purpose: str) -> Any:
    """``get_cache(purpose)`` that raises :class:`CacheUnavailable` during an outage:
    for data that must not be lost or guessed (codes)."""
    return GuardedCache(purpose, "required")


def local_fallback_cache(purpose: str) -> Any:
    """``get_cache(purpose)`` that uses a local-memory cache of this process during an
    outage: for rate-limit counters, so limits still hold (per process) and
    logging in still works while Redis is down."""
    return GuardedCache(purpose, "local")


def bump_version(cache: Any, key: str) -> None:
    """Add one to the version number under ``key`` of a :func:`soft_cache`,
    creating it if missing (a reader that recorded ``None`` then sees any
    number as a change). During an outage nothing is cached to go stale."""
    try:
        cache.incr(key)
    except ValueError:
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)  # another process created it meanwhile
            except ValueError:
                pass  # the cache is down (logged)


def unwrapped_cache(cache: Any) -> Any:
    """The Django cache behind a :class:`GuardedCache` (or ``cache`` itself)."""
    return cache.wrapped if isinstance(cache, GuardedCache) else cache


def storage_alias(purpose: str) -> str:
    """The ``STORAGES`` alias ``SHOPKIT_STORAGE_ALIASES`` maps ``purpose`` to."""
    return app_settings.STORAGE_ALIASES.get(purpose, "default")


def has_backend(alias: str) -> bool:
    """Whether ``STORAGES[alias]`` names its ``BACKEND`` (so Django can build it);
    an alias that is not there counts as having one (Django's own error applies)."""
    entry = settings.STORAGES.get(alias)
    return not isinstance(entry, Mapping) or "BACKEND" in entry


def plugin_storage(alias: str, purpose: str, backend: str) -> Storage | None:
    """A storage plugin's answer to ``shopkit_storage(purpose)``.

    The plugin of a storage package provides the ``STORAGES`` alias named
    after it (``"s3"``, ``"fastdfs"``) when that entry has no ``BACKEND``: for
    every purpose ``SHOPKIT_STORAGE_ALIASES`` maps to ``alias`` it answers
    ``backend`` (a dotted path, imported only now) built with the entry's
    ``OPTIONS``, as Django would build it. Otherwise it answers ``None`` and
    the next plugin (finally the default, Django's ``storages[alias]``)
    decides. One line is the plugin's hook implementation::

        @hookimpl
        def shopkit_storage(purpose):
            return plugin_storage("s3", purpose, "shopkit.contrib.s3.storage.S3Storage")
    """
    if storage_alias(purpose) != alias or has_backend(alias):
        return None
    options = settings.STORAGES[alias].get("OPTIONS", {})
    if not isinstance(options, Mapping):
        raise ImproperlyConfigured(f"STORAGES[{alias!r}]['OPTIONS'] must be a dict.")
    try:
        return storages.create_storage({"BACKEND": backend, "OPTIONS": dict(options)})
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"STORAGES[{alias!r}]: {exc}") from exc


class PurposeStorage(Storage):
    """A storage that resolves ``shopkit_storage(purpose)`` on every use.

    Model file fields use it through a module-level callable: the backend is
    never fixed at import time (plugins loaded in ``ready()``, or registered
    later, apply) and migrations never change with the backend; each use is
    a dictionary lookup in the seam resolver. Being a
    ``Storage`` subclass, it passes ``FileField``'s type check without
    resolving anything.
    """

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose

    @property
    def backend(self) -> Storage:
        return get_storage(self.purpose)

    def __getattr__(self, name: str) -> Any:
        # Backend-specific attributes (``location``, ``bucket_name`` …).
        return getattr(self.backend, name)


def _delegate(method_name: str) -> Any:
    def method(self: PurposeStorage, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.backend, method_name)(*args, **kwargs)

    method.__name__ = method_name
    return method


for _method_name in (
    "open", "save", "get_valid_name", "get_alternative_name", "get_available_name",
    "generate_filename", "path", "delete", "exists", "listdir", "size", "url",
    "get_accessed_time", "get_created_time", "get_modified_time",
):  # fmt: skip
    setattr(PurposeStorage, _method_name, _delegate(_method_name))


def media_base_url(purpose: str, request: HttpRequest | None = None) -> str:
    """The absolute URL prefix of files of ``purpose`` (API.md's ``base_url``)."""
    base = get_storage(purpose).url("")
    return request.build_absolute_uri(base) if request is not None else base
