"""``manage.py shopkit_plugins``: which plugins are loaded, from where, with which hooks."""

from __future__ import annotations

import importlib.metadata
from typing import Any

import pluggy
from django.core.management.base import BaseCommand

from shopkit.plugins import get_plugin_manager


class Command(BaseCommand):
    help = "List shopkit plugins in call order, with their distribution and hooks."

    def handle(self, *args: Any, **options: Any) -> None:
        manager = get_plugin_manager()
        distributions = plugin_distributions(manager)
        hooks_by_plugin: dict[str, list[str]] = {}
        call_order: dict[str, list[str]] = {}
        for hook_name in sorted(name for name in dir(manager.hook) if name.startswith("shopkit_")):
            caller = getattr(manager.hook, hook_name)
            # pluggy calls the implementations in reverse of get_hookimpls().
            names = [impl.plugin_name for impl in reversed(caller.get_hookimpls())]
            call_order[hook_name] = names
            for name in names:
                hooks_by_plugin.setdefault(name, []).append(hook_name)

        self.stdout.write("Plugins (last registered first: their results win):")
        for name, _plugin in reversed(manager.list_name_plugin()):
            distribution = distributions.get(name, "-")
            hooks = ", ".join(hooks_by_plugin.get(name, [])) or "(no hooks)"
            self.stdout.write(f"  {name}  [{distribution}]")
            self.stdout.write(f"      hooks: {hooks}")
        self.stdout.write("")
        self.stdout.write("Hooks (implementations in call order):")
        for hook_name, names in call_order.items():
            self.stdout.write(f"  {hook_name}: {' -> '.join(names) if names else '(none)'}")


def plugin_distributions(manager: pluggy.PluginManager) -> dict[str, str]:
    """``plugin name -> "distribution version"`` for every registered plugin we can trace."""
    result = {}
    for plugin, dist in manager.list_plugin_distinfo():
        result[manager.get_name(plugin)] = f"{dist.project_name} {dist.version}"
    top_level = importlib.metadata.packages_distributions()
    for name, plugin in manager.list_name_plugin():
        if name in result:
            continue
        module_name = getattr(plugin, "__module__", None) or getattr(plugin, "__name__", "")
        for dist_name in top_level.get(module_name.split(".")[0], []):
            result[name] = f"{dist_name} {importlib.metadata.version(dist_name)}"
            break
    return result
