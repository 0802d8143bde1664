"""Infrastructure seams: ``firstresult`` hooks that choose one backend.

shopkit asks these hooks through the seam resolver (``shopkit.core.seams``):
once per arguments (caches once per purpose and thread), again after the
plugins change (rebuilt, or a plugin registered or unregistered) or a
``SHOPKIT_*``, ``STORAGES``, ``STATIC_ROOT``, ``STATIC_URL``, ``CACHES``,
``HAYSTACK_CONNECTIONS`` or ``DEBUG`` setting changes. An implementation must
therefore give the same answer for the same arguments until then. The cart
store is the exception: it is asked for every shopper and request. When no
plugin answers, the resolver raises
``shopkit.core.seams.SeamNotConfigured`` (an ``ImproperlyConfigured``)
naming the hook, its arguments and the fix. Each default is a ``trylast``
implementation in one of ``shopkit.default_plugins``, so any plugin wins over
it.
"""

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

    :param purpose: what the files are. shopkit asks for ``"sku_image"``
        (SKU pictures, and the ``base_url`` of API answers), ``"brand_logo"``,
        ``"banner"`` (carousel, promotion and category banners) and
        ``"static_index"`` (the rendered static home page, asked for since
        0.2, ``shopkit.content.static_index``); the names are in
        ``shopkit.core.backends.StoragePurpose``.
    :return: a Django :class:`~django.core.files.storage.Storage`, or ``None``
        to let the next plugin decide. Stops at first non-None result.

    Fires once per purpose, the first time a file field, service or template
    of that purpose touches its storage (file fields resolve lazily, so
    plugins loaded in ``ready()`` apply); the answer is shared by every
    thread. Asked again after the plugins change or a ``SHOPKIT_*``,
    ``STORAGES``, ``STATIC_ROOT`` or ``STATIC_URL`` setting changes. For
    ``"static_index"`` it is also asked afresh whenever a render is scheduled
    or ``/index.html`` is served, to learn whether a page is wanted: answer
    ``None`` for none. A ``"static_index"`` storage should replace a file
    saved under an existing name (shopkit deletes the old page first when
    ``get_available_name`` would pick another name).

    Default (``shopkit.default_plugins.storage``):
    ``storages[SHOPKIT_STORAGE_ALIASES.get(purpose, "default")]``, or
    ``None`` for an alias without a ``BACKEND``: the storage package of that
    name answers for it, through ``shopkit.core.backends.plugin_storage``
    (see ``docs/plugins.md``, "Provider packages"). For ``"static_index"``
    not mapped in ``SHOPKIT_STORAGE_ALIASES``: the folder of
    ``SHOPKIT_STATIC_INDEX_PATH``, written atomically
    (``shopkit.content.static_index.StaticIndexFolder``), or ``None`` without
    that setting, so no page is rendered.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def shopkit_cache(purpose: str) -> BaseCache | None:
    """Choose the cache for one kind of cached data.

    :param purpose: what is cached. shopkit asks for ``"page"`` (page data
        under tag versions: rendered pages, catalogue, detail and search data,
        cart SKU facts, API answers; and the static home page's pending
        render), ``"cart"`` (logged-in shoppers' carts),
        ``"code"`` (one-time codes, their grants and send intervals),
        ``"history"`` (browsing history), ``"order"`` (buy-now lines, the
        duplicate-submit guard), ``"payments"`` (the sandbox provider's
        ledger), ``"ratelimit"`` (login and SMS throttling) and ``"token"``
        (API token users and their versions); the names are in
        ``shopkit.core.backends.CachePurpose``.
    :return: a Django :class:`~django.core.cache.backends.base.BaseCache`, or
        ``None`` to let the next plugin decide. Stops at first non-None result.

    Fires once per purpose and thread (or async context), because Django
    keeps cache objects per thread too; asked again after the plugins change
    or a ``SHOPKIT_*`` or ``CACHES`` setting changes. Return an object that is
    safe to use from the thread that asked (``caches[alias]`` is).

    Default (``shopkit.default_plugins.cache``):
    ``caches[SHOPKIT_CACHE_ALIASES.get(purpose, "default")]``.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def shopkit_search_backend() -> SearchBackend | None:
    """Choose the search backend used by the search facade.

    :return: a :class:`shopkit.search.backends.base.SearchBackend`
        (``search``, ``update``, ``remove``, ``rebuild``, optionally
        ``highlight_terms``), or ``None`` to let the next plugin decide. Stops
        at first non-None result.

    Fires once, the first time shopkit searches or updates the search index
    (``shopkit.search.get_search_backend()``); the backend is shared by every
    thread (look up per-thread resources such as haystack connections in its
    methods). Asked again after the plugins change or a ``SHOPKIT_*`` or
    ``HAYSTACK_CONNECTIONS`` setting changes.

    Default (``shopkit.default_plugins.search``): by
    ``SHOPKIT_SEARCH_BACKEND``, the haystack connection named by
    ``SHOPKIT_SEARCH_CONNECTION`` or the database backend (see
    ``docs/chinese-search.md``).

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

    Default (``shopkit.default_plugins.cart``): for a user, a Redis hash
    store when the ``"cart"`` cache is django-redis, else a Django-cache
    store; for an anonymous shopper, a signed-cookie store (``None`` without
    a request). See ``docs/cart.md``.

    .. versionadded:: 0.1
    """
