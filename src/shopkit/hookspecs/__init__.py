"""Every shopkit hook, one module per kind.

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

from collections.abc import Callable
from types import ModuleType
from typing import Any

from shopkit.hookspecs import events, extension, providers, seams, surface
from shopkit.hookspecs.marker import hookspec

#: The modules the plugin manager reads hook specifications from.
SPEC_MODULES: tuple[ModuleType, ...] = (seams, providers, events, extension, surface)


def all_hookspecs() -> dict[str, Callable[..., Any]]:
    """Every shopkit hook specification by name, in declaration order per module."""
    return {
        name: function
        for module in SPEC_MODULES
        for name, function in vars(module).items()
        if name.startswith("shopkit_") and callable(function)
    }


__all__ = ["SPEC_MODULES", "all_hookspecs", "hookspec"]
