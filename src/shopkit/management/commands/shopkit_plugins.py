"""``manage.py shopkit_plugins [NAME ...] [--json]``: the registered plugins, where
each came from, its hooks, and which plugin answers each seam, purpose and
provider name now."""

from __future__ import annotations

import importlib.metadata
import json
from typing import Any

import pluggy
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import HttpRequest

from shopkit.core.backends import CACHE_PURPOSES, STORAGE_PURPOSES
from shopkit.core.plugin_answers import (
    PROVIDER_FAMILIES,
    default_provider,
    first_answer,
    plugin_origin,
    provided_names,
    stand_in_user,
)
from shopkit.plugins import get_plugin_manager


class Command(BaseCommand):
    help = (
        "List shopkit plugins (last registered first) with where each came from and its "
        "hooks, and which plugin answers each seam, purpose and provider name now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "names", nargs="*", metavar="NAME", help="show only these plugins (default: all)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, names: list[str], **options: Any) -> None:
        manager = get_plugin_manager()
        registered = [name for name, _plugin in manager.list_name_plugin()]
        unknown = [name for name in names if name not in registered]
        if unknown:
            raise CommandError(
                f"No shopkit plugin named {', '.join(map(repr, unknown))}; "
                f"registered: {', '.join(registered)}."
            )
        report = {
            "plugins": plugin_list(manager, names),
            "hooks": call_orders(manager),
            "answers": seam_answers(),
            "providers": provider_answers(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            self.write_text(report)

    def write_text(self, report: dict[str, Any]) -> None:
        write = self.stdout.write
        write("Plugins (last registered first: their results win):")
        for plugin in report["plugins"]:
            write(f"  {plugin['name']}  [{plugin['distribution'] or '-'}]")
            write(f"      from: {plugin['origin']}")
            write(f"      hooks: {', '.join(plugin['hooks']) or '(no hooks)'}")
        write("")
        write("Hooks (implementations in call order):")
        for hook_name, names in report["hooks"].items():
            write(f"  {hook_name}: {' -> '.join(names) if names else '(none)'}")
        write("")
        write("Answering now:")
        for seam, by_argument in report["answers"].items():
            write(f"  {seam}:")
            for argument, answer in by_argument.items():
                write(f"    {argument}: {shown(answer)}")
        write("")
        write("Providers (name: the plugin that supplies it):")
        for family, registry in report["providers"].items():
            default = f", default {registry['default']!r}" if registry["default"] else ""
            write(f"  {family}{default}:")
            if registry.get("error"):
                write(f"    error: {registry['error']}")
            for name, answer in registry["providers"].items():
                hidden = f" (hides {', '.join(answer['hidden'])})" if answer["hidden"] else ""
                write(f"    {name}: {shown(answer)}{hidden}")
            if not registry["providers"] and not registry.get("error"):
                write("    (none)")


def shown(answer: dict[str, Any]) -> str:
    if "error" in answer:
        return f"error: {answer['error']}"
    if answer["plugin"] is None:
        return "(no plugin answers)"
    return f"{answer['plugin']} ({answer['class']})"


def plugin_list(manager: pluggy.PluginManager, names: list[str]) -> list[dict[str, Any]]:
    distributions = plugin_distributions(manager)
    listed = []
    for name, plugin in reversed(manager.list_name_plugin()):
        if names and name not in names:
            continue
        hooks = sorted(caller.name for caller in manager.get_hookcallers(plugin) or [])
        listed.append(
            {
                "name": name,
                "origin": plugin_origin(manager, name, plugin),
                "distribution": distributions.get(name),
                "hooks": hooks,
            }
        )
    return listed


def call_orders(manager: pluggy.PluginManager) -> dict[str, list[str]]:
    return {
        hook_name: [
            implementation.plugin_name
            # pluggy calls the implementations in reverse of get_hookimpls().
            for implementation in reversed(getattr(manager.hook, hook_name).get_hookimpls())
        ]
        for hook_name in sorted(name for name in dir(manager.hook) if name.startswith("shopkit_"))
    }


def answered(hook_name: str, **kwargs: Any) -> dict[str, Any]:
    try:
        answer = first_answer(hook_name, **kwargs)
    except ImproperlyConfigured as exc:
        return {"error": str(exc)}
    if answer is None:
        return {"plugin": None, "class": None}
    return {"plugin": answer.plugin, "class": type(answer.value).__name__}


def seam_answers() -> dict[str, dict[str, dict[str, Any]]]:
    return {
        "storage": {
            purpose: answered("shopkit_storage", purpose=purpose) for purpose in STORAGE_PURPOSES
        },
        "cache": {
            purpose: answered("shopkit_cache", purpose=purpose) for purpose in CACHE_PURPOSES
        },
        "search backend": {"search": answered("shopkit_search_backend")},
        "cart store": {
            "logged-in shopper": answered("shopkit_cart_store", request=None, user=stand_in_user()),
            "anonymous shopper": answered("shopkit_cart_store", request=HttpRequest(), user=None),
        },
    }


def provider_answers() -> dict[str, dict[str, Any]]:
    families: dict[str, dict[str, Any]] = {}
    for family in PROVIDER_FAMILIES:
        try:
            provided = provided_names(family)
        except ImproperlyConfigured as exc:
            families[family.label] = {"default": None, "providers": {}, "error": str(exc)}
            continue
        families[family.label] = {
            "default": default_provider(family, provided),
            "providers": {
                entry.name: {
                    "plugin": entry.plugin,
                    "class": entry.class_name,
                    "hidden": entry.hidden,
                }
                for entry in provided
            },
        }
    return families


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
