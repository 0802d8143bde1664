"""Every shopkit hook, grouped by area.

Each docstring follows one template: a summary line; the parameters; what the
return value means; when the hook fires; the version it was added in. Hook
implementations must not declare default argument values: pluggy does not
pass them.

"Provide" hooks (storage, cache, search, cart store) are ``firstresult``: the
first implementation returning something other than ``None`` wins, and
shopkit's own defaults are registered ``trylast``, so any plugin overrides
them. "Collect" hooks (payment, SMS and login providers) gather every plugin's
result. shopkit asks both kinds through one resolver (``shopkit.core.seams``),
which keeps each answer until the plugins change (rebuilt, or a plugin
registered or unregistered) or a ``SHOPKIT_*``, ``STORAGES``, ``CACHES``,
``HAYSTACK_CONNECTIONS`` or ``DEBUG`` setting changes, so an implementation
must return the same answer for the same arguments until then; the cart store,
which belongs to one shopper and request, is the exception and is asked every
time. When no plugin answers, the resolver raises one ``ImproperlyConfigured``
naming the hook, its arguments and the fix. Event hooks are fired after the
surrounding transaction commits; an implementation that raises is logged and
never breaks the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.core.cache.backends.base import BaseCache
    from django.core.files.storage import Storage
    from django.db.models import Model
    from django.http import HttpRequest

    from shopkit.accounts.login_providers.base import LoginProvider
    from shopkit.accounts.sms.base import SMSProvider
    from shopkit.cart.stores.base import CartStore
    from shopkit.payments.providers.base import PaymentProvider
    from shopkit.search.backends.base import SearchBackend

hookspec = pluggy.HookspecMarker("shopkit")


# --- infrastructure seams -------------------------------------------------


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


@hookspec
def shopkit_payment_providers() -> Sequence[PaymentProvider]:
    """Contribute payment providers.

    :return: a sequence of :class:`shopkit.payments.providers.base.PaymentProvider`
        instances. All plugins' results are collected; when two providers share
        a name, the one from the plugin called first (registered last) wins.

    Fires once, when the payment registry is first needed; the providers are
    shared by every thread. Asked again after the plugins change or a
    ``SHOPKIT_*`` or ``DEBUG`` setting changes.
    Default: the entries of ``SHOPKIT_PAYMENT_PROVIDERS`` with a ``BACKEND``
    (a provider package builds the entry of its name that has none).

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_sms_providers() -> Sequence[SMSProvider]:
    """Contribute SMS providers.

    :return: a sequence of :class:`shopkit.accounts.sms.base.SMSProvider`
        instances. All plugins' results are collected; when two providers share
        a name, the one from the plugin called first (registered last) wins.

    Fires once, when the SMS registry is first needed; the providers are
    shared by every thread. Asked again after the plugins change or a
    ``SHOPKIT_*`` or ``DEBUG`` setting changes.
    Default: the entries of ``SHOPKIT_SMS_PROVIDERS`` with a ``BACKEND``
    (a provider package builds the entry of its name that has none).

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_login_providers() -> Sequence[LoginProvider]:
    """Contribute login providers (logging in with an account at Weibo, QQ …).

    :return: a sequence of
        :class:`shopkit.accounts.login_providers.base.LoginProvider` instances.
        All plugins' results are collected; when two providers share a name,
        the one from the plugin called first (registered last) wins.

    Fires once, when the login provider registry is first needed (a login
    page, a login API call); the providers are shared by every thread. Asked
    again after the plugins change or a ``SHOPKIT_*`` or ``DEBUG`` setting
    changes.
    Default: the entries of ``SHOPKIT_LOGIN_PROVIDERS`` with a ``BACKEND``
    (none unless set; a provider package such as ``shopkit.contrib.weibo``
    builds the entry of its name that has none).

    .. versionadded:: 0.1
    """


# --- events (fired on commit; exceptions are logged, never raised) ---------


@hookspec
def shopkit_user_registered(user: Any) -> None:
    """React to a new shopper account.

    :param user: the newly created user.
    :return: ignored.

    Fires after the transaction that created the account commits.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_placed(order: Any) -> None:
    """React to a placed (still unpaid) order.

    :param order: the new order, its lines already saved. Only the order is
        passed: read its lines with ``order.lines.all()`` (committed by then).
    :return: ignored.

    Fires once per placed order, after the placement transaction commits.
    Placement writes with prepared SQL, so no ``pre_save``/``post_save`` fires
    for the order, its lines or the SKUs whose stock it took: this hook is the
    place to react to a new order.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_paid(order: Any, payment: Any) -> None:
    """React to an order becoming paid.

    :param order: the order, now paid.
    :param payment: the verified payment that paid it.
    :return: ignored.

    Fires exactly once per order, after the transaction that marked it paid
    commits, however many notifications the provider sends.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_cancelled(order: Any, reason: str) -> None:
    """React to an order being cancelled.

    :param order: the cancelled order, its stock already restored.
    :param reason: why, e.g. ``"timeout"`` or ``"shopper"``.
    :return: ignored.

    Fires exactly once per order, after the cancelling transaction commits.
    The built-in ``shopkit.default_plugins.payments`` refunds the order's
    paid payment.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_sku_detail(sku: Any) -> Mapping[str, Any] | None:
    """Add entries to a SKU's detail data (the detail page and ``/v1/goods/detail``).

    :param sku: the SKU whose detail data is being built.
    :return: a mapping of extra keys to JSON-serialisable values, or ``None``.
        Keys of plugins registered later win; a key shopkit builds itself
        (``name``, ``price`` …) cannot be replaced.

    Fires when the detail data is built, before it is cached with the page
    under the SKU's tag: an implementation showing data that changes without
    a catalogue save invalidates ``shopkit.goods.tags.sku_tag(sku.pk)`` itself.
    The built-in ``shopkit.default_plugins.orders`` adds ``comments``.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_catalog_changed(instances: Iterable[Model]) -> None:
    """React to saved or deleted catalogue or banner content.

    :param instances: the model instances that were saved or deleted.
    :return: ignored.

    Fires after the transaction that changed them commits, once per
    transaction with everything it changed, whatever made the change (Django
    admin, Wagtail, API, a shell). Each instance is a copy taken when it was
    saved or deleted (a deleted one keeps its pk). The built-in
    implementations invalidate page caches, refresh the search index and
    re-render the static home page.

    .. versionadded:: 0.1
    """


# --- extension --------------------------------------------------------------


@hookspec(historic=True)
def shopkit_addhooks(pluginmanager: pluggy.PluginManager) -> None:
    """Add hook specifications of another package.

    :param pluginmanager: the shopkit plugin manager; call
        ``pluginmanager.add_hookspecs(module)``.
    :return: ignored.

    Fires once when the plugin manager is built and again for every plugin
    registered later (it is historic), so a plugin can declare hooks that
    other plugins then implement.

    .. versionadded:: 0.1
    """
