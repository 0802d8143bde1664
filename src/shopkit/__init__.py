"""shopkit: a pluggable e-commerce framework for Django.

Importing this package is cheap and never touches Django settings, so plugin
packages can ``from shopkit import hookimpl`` (and ``hookspec``) at module level.
"""

import pluggy

# The marker a plugin declares hooks of its own with (in the module it passes
# to ``pluginmanager.add_hookspecs`` from ``shopkit_addhooks``).
from shopkit.hookspecs.marker import hookspec
from shopkit.wiring import middleware

__version__ = "0.1.0"

#: The marker plugins use to implement a ``shopkit_*`` hook.
hookimpl = pluggy.HookimplMarker("shopkit")

#: The Django apps a host project adds to ``INSTALLED_APPS``, with the
#: third-party apps shopkit needs (order matters: ``shopkit`` first, so it sets
#: the defaults haystack reads on import and builds the plugin manager).
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
    "corsheaders",
    "ninja",
    "haystack",
    "health_check",
)

__all__ = ["APPS", "__version__", "hookimpl", "hookspec", "middleware"]
