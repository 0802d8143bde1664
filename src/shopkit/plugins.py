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

Events (the hooks of ``shopkit.hookspecs.events``) are called through pluggy
like every other hook, so wrappers and ``tryfirst``/``trylast`` apply; see
:func:`fire_event`. With ``SHOPKIT_TRACE_PLUGINS=1`` in the environment every
hook call is logged with its duration (:func:`trace_hook_calls`).
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import reprlib
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pluggy
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.dispatch import Signal
from django.utils.module_loading import import_string

from shopkit import hookspecs
from shopkit.conf import app_settings
from shopkit.hookspecs import events

logger = logging.getLogger(__name__)

PROJECT_NAME = "shopkit"
ENTRY_POINT_GROUP = "shopkit"
DISABLE_AUTOLOAD_ENV = "SHOPKIT_DISABLE_PLUGIN_AUTOLOAD"
TRACE_ENV = "SHOPKIT_TRACE_PLUGINS"

DEFAULT_PLUGINS = (
    "shopkit.default_plugins.storage",
    "shopkit.default_plugins.cache",
    "shopkit.default_plugins.search",
    "shopkit.default_plugins.cart",
    "shopkit.default_plugins.providers",
    "shopkit.default_plugins.catalog",
    "shopkit.default_plugins.payments",
    "shopkit.default_plugins.orders",
    "shopkit.default_plugins.metrics",
    "shopkit.default_plugins.schedule",
)

_manager: pluggy.PluginManager | None = None

#: Sent (with ``sender`` the plugin manager) after a plugin is registered or
#: unregistered and after the process-wide manager is rebuilt.
plugins_changed = Signal()


class ShopkitPluginManager(pluggy.PluginManager):
    """pluggy's manager, announcing every change of its plugins on ``plugins_changed``.

    It also guards the plain (non-wrapper) implementations of event hooks as
    they are registered, so that one raising is logged inside pluggy's call
    loop and the implementations after it still run.
    """

    # Sent even when registering fails: pluggy may have added some of the
    # plugin's implementations before rejecting another.
    def register(self, plugin: object, name: str | None = None) -> str | None:
        try:
            plugin_name = super().register(plugin, name=name)
            if plugin_name is not None:  # None: the name is blocked
                guard_event_implementations(self, plugin)
            return plugin_name
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
    if os.environ.get(TRACE_ENV) == "1":
        trace_hook_calls(manager)
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


def is_event_hook(caller: pluggy.HookCaller) -> bool:
    """Whether ``caller`` is one of shopkit's events (declared in ``shopkit.hookspecs.events``)."""
    return caller.spec is not None and caller.spec.namespace is events


def guard_event_implementations(manager: pluggy.PluginManager, plugin: object) -> None:
    """Make each plain implementation of an event hook by ``plugin`` log its
    exception instead of raising it.

    pluggy stops a hook call at the first implementation that raises; an event
    must reach every implementation. Replacing the function pluggy calls keeps
    its place in the call order, so wrappers still run around it and
    ``tryfirst``/``trylast`` still apply. Wrappers are left as they are: a
    wrapper decides what the implementations inside it see.
    """
    for caller in manager.get_hookcallers(plugin) or ():
        if not is_event_hook(caller):
            continue
        for implementation in caller.get_hookimpls():
            if implementation.plugin is plugin and not (
                implementation.wrapper or implementation.hookwrapper
            ):
                # HookImpl.function is declared Final for type checkers only;
                # pluggy's call loop reads it on every call.
                implementation.function = _logging_failures(  # type: ignore[misc]
                    implementation.function, implementation.plugin_name, caller.name
                )


def _logging_failures(
    function: Callable[..., Any], plugin_name: str, hook_name: str
) -> Callable[..., Any]:
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception:
            logger.exception("shopkit plugin %r failed handling %s", plugin_name, hook_name)
            return None

    return guarded


def fire_event(hook_name: str, **kwargs: Any) -> None:
    """Call the event hook ``hook_name`` through pluggy once the current
    transaction commits (at once outside a transaction).

    Nothing is called if the transaction, or a savepoint the call was made
    in, rolls back. An implementation that raises is logged (naming its
    plugin and the hook) and the others still run; a wrapper that raises is
    logged the same way. Neither reaches the caller, which has committed by then.
    """
    caller = getattr(get_plugin_manager().hook, hook_name)
    if not is_event_hook(caller):
        raise TypeError(f"{hook_name} is not an event hook of shopkit.hookspecs.events")
    expected = set(caller.spec.argnames)
    if set(kwargs) != expected:
        raise TypeError(f"{hook_name} takes {sorted(expected)}, got {sorted(kwargs)}")
    transaction.on_commit(lambda: _call_event(hook_name, kwargs))


def _call_event(hook_name: str, kwargs: dict[str, Any]) -> None:
    # Asked at commit: the plugins registered then are the ones that hear it.
    caller = getattr(get_plugin_manager().hook, hook_name)
    try:
        caller(**kwargs)
    except Exception as error:
        # Plain implementations are guarded, so a wrapper raised this.
        logger.exception(
            "shopkit plugin %r failed handling %s", _raising_plugin(caller, error), hook_name
        )


def _raising_plugin(caller: pluggy.HookCaller, error: BaseException) -> str:
    """The plugin whose wrapper is deepest in ``error``'s traceback."""
    plugins_by_code = {
        getattr(implementation.function, "__code__", None): implementation.plugin_name
        for implementation in caller.get_hookimpls()
        if implementation.wrapper or implementation.hookwrapper
    }
    raising = "?"
    for frame, _line in traceback.walk_tb(error.__traceback__):
        raising = plugins_by_code.get(frame.f_code, raising)
    return raising


def trace_hook_calls(manager: pluggy.PluginManager) -> None:
    """Log every hook call of ``manager`` with its duration to the
    ``shopkit.plugins`` logger (at INFO), as ``SHOPKIT_TRACE_PLUGINS=1`` asks."""
    # One stack per thread: a hook may call hooks, and each call is timed on
    # its own; calls never interleave within one thread.
    local = threading.local()
    short = reprlib.Repr()
    short.maxstring = short.maxother = 60

    def before(
        hook_name: str, implementations: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]
    ) -> None:
        local.__dict__.setdefault("started", []).append(time.perf_counter())

    def after(
        outcome: pluggy.Result[Any],
        hook_name: str,
        implementations: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, Any],
    ) -> None:
        elapsed = time.perf_counter() - local.started.pop()
        arguments = ", ".join(f"{name}={short.repr(value)}" for name, value in kwargs.items())
        # pluggy calls the implementations in reverse of their registration.
        called = ", ".join(
            implementation.plugin_name for implementation in reversed(implementations)
        )
        failure = f" raised {outcome.exception!r}" if outcome.exception is not None else ""
        logger.info(
            "%s(%s) took %.3f ms [%s]%s", hook_name, arguments, elapsed * 1000, called, failure
        )

    manager.add_hookcall_monitoring(before, after)
