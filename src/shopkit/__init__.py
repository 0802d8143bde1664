"""shopkit: a pluggable e-commerce framework for Django.

Importing this package is cheap and never touches Django settings, so plugin
packages can ``from shopkit import hookimpl`` at module level.
"""

import pluggy

__version__ = "0.1.0"

#: The marker plugins use to implement a ``shopkit_*`` hook.
hookimpl = pluggy.HookimplMarker("shopkit")

#: The Django apps a host project adds to ``INSTALLED_APPS`` (order matters:
#: ``shopkit`` first, so its ``ready()`` builds the plugin manager before the others).
APPS = (
    "shopkit",
    "shopkit.core",
    "shopkit.goods",
    "shopkit.content",
    "shopkit.cart",
    "shopkit.orders",
    "shopkit.payments",
    "shopkit.accounts",
    "shopkit.search",
    "shopkit.api",
    "shopkit.storefront",
)

__all__ = ["APPS", "__version__", "hookimpl"]
