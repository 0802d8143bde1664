"""The marker every shopkit hook specification is declared with.

A package declaring hooks of its own (through ``shopkit_addhooks``) uses it
too, so its hooks are implemented with ``shopkit.hookimpl`` like shopkit's.
"""

import pluggy

hookspec = pluggy.HookspecMarker("shopkit")
