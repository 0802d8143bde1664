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
        Keys of plugins registered later win; a key shopkit builds itself
        (``name``, ``price`` …) cannot be replaced.

    Fires when the detail data is built, before it is cached with the page
    under the SKU's tag: an implementation showing data that changes without
    a catalogue save invalidates ``shopkit.goods.tags.sku_tag(sku.pk)`` itself.
    The built-in ``shopkit.default_plugins.orders`` adds ``comments``.

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
