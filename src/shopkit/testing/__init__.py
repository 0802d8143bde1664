"""The author kit: what a plugin's test suite needs, shipped with shopkit.

- ``hookspec``: the marker for a plugin declaring hooks of its own (through
  ``shopkit_addhooks``), also ``shopkit.hookspec``;
- ``registered_plugin(plugin, name=...)``: a plugin registered for a ``with``
  block; ``configured_provider(...)``: one provider configured as a host
  configures it (the provider kits use it);
- ``shopkit.testing.settings``: a host project to point
  ``DJANGO_SETTINGS_MODULE`` at;
- the pytest plugin (``shopkit.testing.pytest_plugin``, loaded wherever
  shopkit is installed): the fixtures ``shopkit_plugin``, ``rebuilt_plugins``
  and ``shopkit_events``.

Contract kits, one pytest class per family named ``<Family>Contract`` (see
``shopkit.testing.contract`` for the style), and local servers live in
submodules, imported only by the tests that need them:

- ``shopkit.testing.storage``: ``StorageContract`` for any Django storage;
- ``shopkit.testing.cache``: ``CacheContract`` for any Django cache;
- ``shopkit.testing.search``: ``SearchBackendContract`` for any search backend;
- ``shopkit.testing.search_language``: ``SearchLanguageContract``, what Chinese
  shoppers type (single characters, pinyin, traditional characters, synonyms);
- ``shopkit.testing.cart``: ``CartStoreContract`` for any cart store;
- ``shopkit.testing.payments``: ``PaymentProviderContract`` for any payment provider;
- ``shopkit.testing.sms``: ``SMSProviderContract`` for any SMS provider;
- ``shopkit.testing.login_providers``: ``LoginProviderContract`` for any login provider;
- ``shopkit.testing.events``: ``EventsContract`` for a plugin's event implementations;
- ``shopkit.testing.fastdfs_server``: ``LocalFastDFS``, a FastDFS tracker,
  storage server and HTTP front end speaking the real protocol;
- ``shopkit.testing.s3_server``: ``LocalS3``, moto's S3 server (needs ``moto[server]``);
- ``shopkit.testing.alipay_gateway``: ``LocalAlipayGateway``, an Alipay-compatible
  gateway with its own RSA2 keys (needs ``cryptography``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from shopkit.hookspecs.marker import hookspec


@contextmanager
def configured_provider(
    setting: str,
    provider_class: type,
    options: dict[str, Any],
    *,
    plugin: str | None = None,
    name: str = "contract",
) -> Iterator[str]:
    """shopkit configured with one provider, as a host configures it; yields its name.

    ``setting`` is the family's setting (``"SHOPKIT_SMS_PROVIDERS"`` …), which
    holds only this provider for the block. Without ``plugin`` the entry
    ``name`` names ``provider_class`` as its ``BACKEND``. With ``plugin``, the
    dotted path of a provider package (``"shopkit.contrib.yuntongxun"``), that
    package's plugin is registered for the block (unless it already is) and the
    entry ``name``, the name the package provides, holds only the ``OPTIONS``.
    """
    import importlib

    from django.test import override_settings

    from shopkit.plugins import get_plugin_manager

    if plugin is None:
        backend = f"{provider_class.__module__}.{provider_class.__qualname__}"
        entry = {name: {"BACKEND": backend, "OPTIONS": options}}
        with override_settings(**{setting: entry}):
            yield name
        return
    module = importlib.import_module(plugin)
    with override_settings(**{setting: {name: {"OPTIONS": options}}}):
        if get_plugin_manager().is_registered(module):
            yield name
        else:
            with registered_plugin(module, name=plugin):
                yield name


@contextmanager
def registered_plugin(plugin: Any, name: str | None = None) -> Iterator[Any]:
    """Register ``plugin`` on the shopkit plugin manager, and unregister it on exit."""
    from shopkit.plugins import check_hooks, get_plugin_manager

    manager = get_plugin_manager()
    registered_name = manager.register(plugin, name=name)
    if registered_name is None:
        raise ValueError(f"Plugin {name or plugin!r} is blocked by SHOPKIT_DISABLED_PLUGINS.")
    try:
        check_hooks(manager)
        yield plugin
    finally:
        manager.unregister(name=registered_name)


__all__ = ["configured_provider", "hookspec", "registered_plugin"]
