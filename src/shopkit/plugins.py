"""The shopkit plugin manager.

Built once, in ``ShopkitConfig.ready()``, in this order (later registrations
are called first, so they win ``firstresult`` hooks):

1. the built-in default plugins (``trylast`` implementations reading settings);
2. entry points of group ``shopkit`` from installed distributions, unless
   ``SHOPKIT_PLUGIN_AUTOLOAD`` is False or ``SHOPKIT_DISABLE_PLUGIN_AUTOLOAD=1``;
3. the dotted paths in ``SHOPKIT_PLUGINS``.

``SHOPKIT_DISABLED_PLUGINS`` blocks names before anything is registered.

Whenever the set of plugins changes (a rebuild, or a plugin registered or
unregistered at runtime, as tests and hosts do) ``plugins_changed`` is sent,
so that answers cached from the old plugins (``shopkit.core.seams``) are
dropped.
"""

from __future__ import annotations

import importlib
import logging
import os
from typing import Any

import pluggy
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import Signal
from django.utils.module_loading import import_string

from shopkit import hookspecs
from shopkit.conf import app_settings

logger = logging.getLogger(__name__)

PROJECT_NAME = "shopkit"
ENTRY_POINT_GROUP = "shopkit"
DISABLE_AUTOLOAD_ENV = "SHOPKIT_DISABLE_PLUGIN_AUTOLOAD"

DEFAULT_PLUGINS = (
    "shopkit.default_plugins.storage",
    "shopkit.default_plugins.cache",
    "shopkit.default_plugins.search",
    "shopkit.default_plugins.cart",
    "shopkit.default_plugins.providers",
    "shopkit.default_plugins.catalog",
    "shopkit.default_plugins.payments",
    "shopkit.default_plugins.orders",
)

_manager: pluggy.PluginManager | None = None

#: Sent (with ``sender`` the plugin manager) after a plugin is registered or
#: unregistered and after the process-wide manager is rebuilt.
plugins_changed = Signal()


class ShopkitPluginManager(pluggy.PluginManager):
    """pluggy's manager, announcing every change of its plugins on ``plugins_changed``."""

    # Sent even when registering fails: pluggy may have added some of the
    # plugin's implementations before rejecting another.
    def register(self, plugin: object, name: str | None = None) -> str | None:
        try:
            return super().register(plugin, name=name)
        finally:
            plugins_changed.send(sender=self)

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any:
        try:
            return super().unregister(plugin=plugin, name=name)
        finally:
            plugins_changed.send(sender=self)


def autoload_enabled() -> bool:
    return app_settings.PLUGIN_AUTOLOAD and os.environ.get(DISABLE_AUTOLOAD_ENV) != "1"


def load_plugin_object(dotted_path: str) -> Any:
    """Import a plugin given as a module path or as a path to an object in a module."""
    try:
        return importlib.import_module(dotted_path)
    except ModuleNotFoundError as module_error:
        if module_error.name != dotted_path:
            raise
        try:
            return import_string(dotted_path)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"Cannot import shopkit plugin {dotted_path!r}: {exc}"
            ) from exc


def build_plugin_manager() -> pluggy.PluginManager:
    """Build a new, fully loaded plugin manager from the current settings."""
    manager = ShopkitPluginManager(PROJECT_NAME)
    for module in hookspecs.SPEC_MODULES:
        manager.add_hookspecs(module)
    for name in app_settings.DISABLED_PLUGINS:
        manager.set_blocked(name)
    for dotted_path in DEFAULT_PLUGINS:
        manager.register(load_plugin_object(dotted_path), name=dotted_path)
    if autoload_enabled():
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    for dotted_path in app_settings.PLUGINS:
        manager.register(load_plugin_object(dotted_path), name=dotted_path)
    manager.hook.shopkit_addhooks.call_historic(kwargs={"pluginmanager": manager})
    check_hooks(manager)
    return manager


def check_hooks(manager: pluggy.PluginManager) -> None:
    """Turn an implementation of an unknown hook into ``ImproperlyConfigured``."""
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        plugin_name = manager.get_name(exc.plugin) or repr(exc.plugin)
        raise ImproperlyConfigured(f"shopkit plugin {plugin_name!r}: {exc}") from exc


def setup() -> pluggy.PluginManager:
    """Build the process-wide plugin manager unless it exists (idempotent)."""
    global _manager
    if _manager is None:
        _manager = build_plugin_manager()
    return _manager


def rebuild() -> pluggy.PluginManager:
    """Throw the current manager away and build a new one from the settings."""
    global _manager
    _manager = None
    try:
        return setup()
    finally:  # also when building fails: nothing may keep the old plugins' answers
        plugins_changed.send(sender=_manager)


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, built on first use."""
    return setup()


def fire_event(hook_name: str, **kwargs: Any) -> None:
    """Call every implementation of an event hook once the current transaction commits.

    Implementations run one by one so that one raising does not stop the
    others; its exception is logged and never reaches the caller.
    """
    caller = getattr(get_plugin_manager().hook, hook_name)
    expected = set(caller.spec.argnames) if caller.spec else set()
    if set(kwargs) != expected:
        raise TypeError(f"{hook_name} takes {sorted(expected)}, got {sorted(kwargs)}")
    transaction.on_commit(lambda: _call_each_implementation(caller, kwargs))


def _call_each_implementation(caller: pluggy.HookCaller, kwargs: dict[str, Any]) -> None:
    # pluggy calls implementations last-registered first; keep that order.
    for implementation in reversed(caller.get_hookimpls()):
        try:
            implementation.function(*(kwargs[name] for name in implementation.argnames))
        except Exception:
            logger.exception(
                "shopkit plugin %r failed handling %s", implementation.plugin_name, caller.name
            )
