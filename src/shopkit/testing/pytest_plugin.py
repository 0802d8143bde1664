"""pytest fixtures for shopkit plugin authors (registered through the
``pytest11`` entry point, so they are available wherever shopkit is installed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest


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
