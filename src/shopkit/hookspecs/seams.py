"""Infrastructure seams: ``firstresult`` hooks that choose one backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopkit.hookspecs.marker import hookspec

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.core.cache.backends.base import BaseCache
    from django.core.files.storage import Storage
    from django.http import HttpRequest

    from shopkit.cart.stores.base import CartStore
    from shopkit.search.backends.base import SearchBackend


@hookspec(firstresult=True)
def shopkit_storage(purpose: str) -> Storage | None:
    """Choose the file storage for one kind of file.

    :param purpose: what the files are. shopkit itself uses ``"sku_image"``
        (SKU pictures), ``"brand_logo"`` and ``"banner"``.
    :return: a Django :class:`~django.core.files.storage.Storage`, or ``None``
        to let the next plugin decide. Stops at first non-None result.

    Fires once per purpose, the first time a file field, service or template
    of that purpose touches its storage (file fields resolve lazily, so
    plugins loaded in ``ready()`` apply); the answer is shared by every
    thread. Asked again after the plugins change or a ``SHOPKIT_*``,
    ``STORAGES``, ``STATIC_ROOT`` or ``STATIC_URL`` setting changes.
    Default: ``storages[SHOPKIT_STORAGE_ALIASES.get(purpose, "default")]``
    (``None`` for an alias without a ``BACKEND``: the storage package of
    that name answers for it).

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def shopkit_cache(purpose: str) -> BaseCache | None:
    """Choose the cache for one kind of cached data.

    :param purpose: what is cached. shopkit itself uses ``"page"`` (rendered
        pages and detail data), ``"cart"`` (logged-in shoppers' carts),
        ``"code"`` (one-time codes and their counters), ``"history"`` (browsing
        history), ``"order"`` (buy-now lines, duplicate-submit guard), ``"payments"``
        (the sandbox provider's ledger) and ``"ratelimit"`` (login throttling).
    :return: a Django :class:`~django.core.cache.backends.base.BaseCache`, or
        ``None`` to let the next plugin decide. Stops at first non-None result.

    Fires once per purpose and thread (or async context), because Django
    keeps cache objects per thread too; asked again after the plugins change
    or a ``SHOPKIT_*`` or ``CACHES`` setting changes. Return an object that is
    safe to use from the thread that asked (``caches[alias]`` is).
    Default: ``caches[SHOPKIT_CACHE_ALIASES.get(purpose, "default")]``.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def shopkit_search_backend() -> SearchBackend | None:
    """Choose the search backend used by the search facade.

    :return: a :class:`shopkit.search.backends.base.SearchBackend`, or ``None``
        to let the next plugin decide. Stops at first non-None result.

    Fires once, the first time shopkit searches or updates the search index;
    the backend is shared by every thread (look up per-thread resources such
    as haystack connections in its methods). Asked again after the plugins
    change or a ``SHOPKIT_*`` or ``HAYSTACK_CONNECTIONS`` setting changes.
    Default: by ``SHOPKIT_SEARCH_BACKEND``, the haystack connection named by
    ``SHOPKIT_SEARCH_CONNECTION`` or the database backend.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def shopkit_cart_store(
    request: HttpRequest | None, user: AbstractBaseUser | None
) -> CartStore | None:
    """Choose where one shopper's cart is kept.

    :param request: the current request, or ``None`` when shopkit needs a
        user's cart outside a request (removing ordered lines after the order
        transaction commits). Its ``user`` may differ from ``user``: API
        requests authenticate by token, and a session login merges the
        anonymous cart after the request's user changed.
    :param user: the logged-in shopper whose cart is wanted, or ``None`` for
        the anonymous shopper behind ``request``.
    :return: a :class:`shopkit.cart.stores.base.CartStore`, or ``None`` to let
        the next plugin decide. Stops at first non-None result.

    Fires every time, never kept by the seam resolver: once per shopper and
    request, the first time the request reads or changes that shopper's cart
    (the store is reused for the rest of the request), and on every call
    without a request.
    Default: for a user, a Redis hash store when the ``"cart"`` cache is
    django-redis, else a Django-cache store; for an anonymous shopper, a
    signed-cookie store (``None`` without a request).

    .. versionadded:: 0.1
    """
