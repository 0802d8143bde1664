"""Surface: hooks through which a plugin adds pages, API operations, templates,
page fragments, admin screens, periodic tasks and system checks.

Every hook here is collect-all: each plugin's answer is used. shopkit keeps
what the URL, template and admin hooks answered until the plugins change (a
rebuild, or a plugin registered or unregistered), so an implementation
returns the same answer until then. See
``docs/plugin-surface.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from shopkit.hookspecs.marker import hookspec

if TYPE_CHECKING:
    from os import PathLike

    from django.apps import AppConfig
    from django.core.checks import CheckMessage
    from django.http import HttpRequest
    from django.urls import URLPattern, URLResolver
    from ninja import Router
    from wagtail.admin.menu import MenuItem
    from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup


@hookspec
def shopkit_storefront_urls() -> Sequence[URLPattern | URLResolver]:
    """Add storefront pages: Django URL patterns served by the host's one
    ``include("shopkit.urls")``.

    :return: a sequence of ``path()``, ``re_path()`` or ``include()`` results.
        They are served at the storefront's root, after shopkit's own pages
        (a plugin cannot take over a shopkit URL), in the URL namespace
        ``shopkit_plugins``: give yours a namespace of its own, e.g.
        ``[path("testpay/", include((patterns, "testpay")))]`` is reversed as
        ``reverse("shopkit_plugins:testpay:pay")``.

    Fires once, when a URL is first resolved or reversed, and again after
    the plugins change, so a plugin registered or unregistered at runtime
    adds or removes its pages without a restart.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_api_routers() -> Sequence[tuple[str, Router]]:
    """Add JSON API operations: django-ninja routers mounted in the ``/v1/`` API.

    :return: a sequence of ``(prefix, router)`` pairs, e.g.
        ``[("/testpay", router)]`` serves the router's operations under
        ``/v1/testpay/``. They get the envelope error handling of every
        shopkit operation (a validation error, a ``ShopkitError`` or an
        unexpected exception becomes the HTTP 200 ``{"code": N}`` envelope)
        and appear in ``/v1/openapi.json``; each operation declares its
        success answer with ``response=``, as shopkit's own do.

    Fires once, when the API is first built (the first API request or
    reverse); the API is built again after the plugins change, so routers
    come and go without a restart.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_template_dirs() -> Sequence[str | PathLike[str]]:
    """Make a plugin's own templates loadable by the host's template engines.

    :return: a sequence of directories, e.g. ``[Path(__file__).parent /
        "templates"]``. They are searched after the host's ``DIRS`` and the
        installed apps' ``templates/`` folders, so a host overrides a
        plugin's template as it overrides shopkit's; no ``INSTALLED_APPS`` or
        ``TEMPLATES`` line is needed.

    Fires once, when a template is first looked up, and again after the
    plugins change.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_template_slot(
    slot: str, context: Mapping[str, Any], request: HttpRequest | None
) -> str | None:
    """Fill a named slot of a storefront page (``{% shopkit_slot "detail.below_price" %}``).

    :param slot: the slot's name. shopkit's pages have ``detail.below_price``
        (goods detail, under the price), ``cart.below_lines``
        (cart), ``settlement.below_payment`` (under the payment choice, inside
        the order form) and ``orders.order_footer`` (order list, once per
        order, with ``order`` in the context); a host's own templates may name
        others.
    :param context: the page's template context, flattened (read it, don't
        change it): ``sku`` on the detail page, ``items`` and ``totals`` on
        the cart, ``lines`` and ``settlement`` on the settlement, ``order``
        on the order list.
    :param request: the request being answered, or ``None`` on a page served
        from the shared page cache (the detail page): what such a slot renders
        is cached with the page and shown to every shopper, so it must not
        depend on who is asking.
    :return: HTML to put in the slot, or ``None`` for nothing. A plain string
        is escaped; mark markup safe (``format_html``, ``render_to_string``).
        Every plugin's answer is shown, in call order.

    Fires each time the slot is rendered: on every request for the cart,
    settlement and order list; once per cached copy of the detail page, which
    is rendered again when its goods or the plugins change. A slot there
    showing data that changes otherwise invalidates the page's tag itself
    (``shopkit.goods.tags.sku_tag``).

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_admin_menu_items() -> Sequence[MenuItem]:
    """Add items to the Wagtail admin's main menu.

    :return: a sequence of ``wagtail.admin.menu.MenuItem`` (or ``SubmenuMenuItem``)
        instances; each is shown to the editors its ``is_shown(request)`` allows.

    Fires once, when Wagtail first builds the main menu of an admin page
    (through its ``construct_main_menu`` hook), and again after the plugins
    change, so items come and go without a restart.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_admin_viewsets() -> Sequence[ViewSet | ViewSetGroup]:
    """Add Wagtail admin viewsets (snippets, model views, a group of them).

    :return: a sequence of ``wagtail.admin.viewsets.base.ViewSet`` or
        ``ViewSetGroup`` instances, registered as Wagtail's
        ``register_admin_viewset`` hook registers them (with their URLs under
        the admin and their menu items).

    Fires once per process, when Wagtail first builds its admin URLs: Wagtail
    has no way to drop a viewset, so a plugin's viewsets appear or disappear
    only when the process restarts.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_beat_schedule() -> Mapping[str, Mapping[str, Any]]:
    """Add periodic tasks to the Celery beat schedule.

    :return: a mapping of entry name to a Celery beat entry, e.g.
        ``{"testpay-reconcile": {"task": "shopkit_testpay.tasks.reconcile",
        "schedule": 300.0}}``. The entries are merged into
        ``beat_schedule`` of the Celery app shopkit's tasks run in (the
        host's ``CELERY_BEAT_SCHEDULE``); an entry the host names itself wins,
        and between plugins the one called first (registered last) wins.

    Fires each time the schedule is read: ``celery beat`` reads it when it
    starts, after the plugins are loaded, so a plugin registered or
    unregistered later changes the schedule at the next read.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_system_checks(
    app_configs: Sequence[AppConfig] | None,
) -> Sequence[CheckMessage]:
    """Add Django system checks.

    :param app_configs: the apps being checked, or ``None`` for all of them,
        as Django passes it to a check function.
    :return: a sequence of ``django.core.checks`` messages (``Error``,
        ``Warning`` …), each with an ``id`` of the plugin's own, such as
        ``"shopkit_testpay.W001"``; empty when all is well.

    Fires every time Django runs the checks of the ``compatibility`` tag:
    ``manage.py check`` without ``--tag``, and the checks before
    ``runserver`` and ``migrate``.

    .. versionadded:: 0.2
    """
