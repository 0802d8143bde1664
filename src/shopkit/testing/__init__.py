"""Helpers for testing shopkit plugins, for shopkit itself and for plugin authors.

``registered_plugin`` registers a plugin for the duration of a ``with`` block;
the pytest plugin in ``shopkit.testing.pytest_plugin`` (loaded automatically
when shopkit is installed) offers it as the ``shopkit_plugin`` fixture.

Contract tests and local servers live in submodules,
imported only by the tests that need them:

- ``shopkit.testing.storage``: ``StorageContractTests`` for any Django storage;
- ``shopkit.testing.cart``: ``CartStoreContractTests`` for any cart store;
- ``shopkit.testing.fastdfs_server``: ``LocalFastDFS``, a FastDFS tracker,
  storage server and HTTP front end speaking the real protocol;
- ``shopkit.testing.s3_server``: ``LocalS3``, moto's S3 server (needs ``moto[server]``);
- ``shopkit.testing.payments``: ``PaymentProviderContractTests`` for any payment provider;
- ``shopkit.testing.sms``: ``SMSProviderContract`` for any SMS provider;
- ``shopkit.testing.login_providers``: ``LoginProviderContractTests`` for any
  login provider;
- ``shopkit.testing.alipay_gateway``: ``LocalAlipayGateway``, an Alipay-compatible
  gateway with its own RSA2 keys (needs ``cryptography``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


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


__all__ = ["registered_plugin"]
