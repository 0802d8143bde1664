"""pytest fixtures for shopkit plugin authors (registered through the
``pytest11`` entry point, so they are available wherever shopkit is installed).

- ``shopkit_plugin``: register plugins for one test;
- ``rebuilt_plugins``: rebuild the plugin manager from the (overridden)
  settings, and restore it after the test;
- ``shopkit_events``: the events fired after commit during the test.

The contract kits' modules are registered for pytest's assertion rewriting
here, before any test module imports them, so a failing contract shows the
values it compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

pytest.register_assert_rewrite(
    "shopkit.testing.cache",
    "shopkit.testing.cart",
    "shopkit.testing.contract",
    "shopkit.testing.events",
    "shopkit.testing.login_providers",
    "shopkit.testing.payments",
    "shopkit.testing.search",
    "shopkit.testing.search_language",
    "shopkit.testing.sms",
    "shopkit.testing.storage",
)


@pytest.fixture
def shopkit_plugin() -> Iterator[Callable[..., Any]]:
    """Register plugins for one test: ``shopkit_plugin(MyPlugin(), name="mine")``.

    Every plugin registered through it is unregistered when the test ends.
    """
    from shopkit.testing import registered_plugin

    with ExitStack() as stack:

        def register(plugin: Any, name: str | None = None) -> Any:
            return stack.enter_context(registered_plugin(plugin, name=name))

        yield register


@pytest.fixture
def rebuilt_plugins() -> Iterator[Callable[..., Any]]:
    """``rebuilt_plugins(**settings)`` rebuilds the plugin manager with ``settings``
    overridden for the rest of the test (``SHOPKIT_PLUGINS=[...]`` …) and returns
    it; without arguments, from the settings as they are. After the test the
    overrides are undone first, then the manager is rebuilt from the restored
    settings. (pytest-django's ``settings`` fixture restores its changes only
    after this fixture is done, so pass them here instead.)"""
    from django.test import override_settings

    from shopkit import plugins

    with ExitStack() as overrides:

        def rebuild(**settings: Any) -> Any:
            if settings:
                overrides.enter_context(override_settings(**settings))
            return plugins.rebuild()

        yield rebuild
    plugins.rebuild()


@pytest.fixture
def shopkit_events() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """``(hook name, arguments)`` of every event fired during the test, in order.

    Recorded when the implementations run, that is after the transaction
    commits: an event of a rolled-back transaction is never recorded. In a
    test on pytest-django's ``db`` (which never commits) wrap the code in
    ``django_capture_on_commit_callbacks(execute=True)``, or use
    ``transactional_db``::

        def test_paying_announces_it(shopkit_events, django_capture_on_commit_callbacks):
            with django_capture_on_commit_callbacks(execute=True):
                pay(order)
            assert [name for name, _ in shopkit_events] == ["shopkit_order_paid"]
    """
    from shopkit.testing import registered_plugin
    from shopkit.testing.events import EventRecorder

    recorder = EventRecorder()
    with registered_plugin(recorder, name="shopkit_events"):
        yield recorder.events
