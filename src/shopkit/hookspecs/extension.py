"""Hooks that extend shopkit's own data and hook set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pluggy

from shopkit.hookspecs.marker import hookspec


@hookspec
def shopkit_sku_detail(sku: Any) -> Mapping[str, Any] | None:
    """Add entries to a SKU's detail data (the detail page and ``/v1/goods/detail``).

    :param sku: the SKU whose detail data is being built.
    :return: a mapping of extra keys to JSON-serialisable values, or ``None``.
        All plugins' mappings are collected, in registration order, so a
        plugin registered later wins a key two plugins give; a key shopkit
        builds itself (``name``, ``price``, ``stock`` …, and on the API the
        keys of ``/v1/goods/detail``) is never replaced. Every other key is
        in the detail page's context (``sku.<key>``) and in the ``data`` of
        ``/v1/goods/detail``.

    Fires once per SKU each time its detail data is built: on the first view
    after the SKU, its SPU or its category changed (or its cached copy was
    dropped), not on every view, because the data is cached with the page
    under the SKU's tag; a plugin registered later shows on the next build. An
    implementation showing data that changes without a catalogue save
    invalidates ``shopkit.goods.tags.sku_tag(sku.pk)`` itself when it changes.
    The built-in ``shopkit.default_plugins.orders`` adds ``comments`` (the
    newest 20); posting a comment invalidates the SKU's tag.

    .. versionadded:: 0.1
    """


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
