"""Which plugin answers each seam now, read through pluggy's introspection.

``manage.py shopkit_plugins`` shows it and the system checks in
``shopkit.core.plugin_checks`` warn from it. Each implementation is called as
pluggy would call it (in call order, ``tryfirst``/``trylast`` honoured,
wrappers left out since they answer nothing), so the plugin named is the one
whose result the resolver would keep; nothing is kept, so the answer is
always the current one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pluggy
from django.conf import settings

from shopkit.conf import app_settings
from shopkit.core.providers import first_active_name
from shopkit.plugins import DEFAULT_PLUGINS, get_plugin_manager

DEFAULT_STORAGE_PLUGIN = "shopkit.default_plugins.storage"
DEFAULT_CACHE_PLUGIN = "shopkit.default_plugins.cache"
DEFAULT_CART_PLUGIN = "shopkit.default_plugins.cart"
DEFAULT_PROVIDERS_PLUGIN = "shopkit.default_plugins.providers"


@dataclass(frozen=True)
class Answer:
    """One implementation's non-``None`` result."""

    plugin: str
    value: Any


@dataclass(frozen=True)
class ProviderFamily:
    """A collect-all provider hook, the host's setting for it and what names its default."""

    label: str
    hook: str
    setting: str
    #: The setting naming the default provider (else ``first_active_name``
    #: chooses); ``None`` for a family without a default.
    default_setting: str | None


PROVIDER_FAMILIES = (
    ProviderFamily(
        "payment",
        "shopkit_payment_providers",
        "SHOPKIT_PAYMENT_PROVIDERS",
        "SHOPKIT_DEFAULT_PAYMENT_PROVIDER",
    ),
    ProviderFamily(
        "SMS", "shopkit_sms_providers", "SHOPKIT_SMS_PROVIDERS", "SHOPKIT_SMS_CODE_PROVIDER"
    ),
    ProviderFamily("login", "shopkit_login_providers", "SHOPKIT_LOGIN_PROVIDERS", None),
)


@dataclass
class ProvidedName:
    """A provider name of a family: the plugin whose provider wins, and any it hides."""

    name: str
    plugin: str
    class_name: str
    hidden: list[str] = field(default_factory=list)


def answers(hook_name: str, **kwargs: Any) -> list[Answer]:
    """Every implementation's non-``None`` result, in call order (the first wins a
    ``firstresult`` hook). An implementation that raises raises here."""
    caller: pluggy.HookCaller = getattr(get_plugin_manager().hook, hook_name)
    found = []
    # pluggy calls the implementations in reverse of get_hookimpls().
    for implementation in reversed(caller.get_hookimpls()):
        if implementation.hookwrapper or implementation.wrapper:
            continue
        value = implementation.function(*(kwargs[name] for name in implementation.argnames))
        if value is not None:
            found.append(Answer(implementation.plugin_name, value))
    return found


def first_answer(hook_name: str, **kwargs: Any) -> Answer | None:
    """The answer that wins a ``firstresult`` hook, or ``None`` if no plugin answers."""
    return next(iter(answers(hook_name, **kwargs)), None)


def provided_names(family: ProviderFamily) -> list[ProvidedName]:
    """Each provider name of ``family`` in registry order, with the plugin that
    supplies it (the first in call order, as the registry keeps it)."""
    names: dict[str, ProvidedName] = {}
    for answer in answers(family.hook):
        for provider in answer.value:
            name = getattr(provider, "name", repr(provider))
            if name in names:
                names[name].hidden.append(answer.plugin)
            else:
                names[name] = ProvidedName(name, answer.plugin, type(provider).__name__)
    return list(names.values())


def default_provider(family: ProviderFamily, provided: list[ProvidedName]) -> str | None:
    """The name of the family's default provider: its setting, else the one
    :func:`~shopkit.core.providers.first_active_name` chooses, as shopkit does."""
    if family.default_setting is None:
        return None
    configured = getattr(settings, family.default_setting, None)
    if configured is not None:
        return str(configured)
    return first_active_name(family.setting, {entry.name: entry for entry in provided})


def host_entries(setting: str) -> Mapping[str, Any]:
    """What the host wrote in a dict setting; ``{}`` when it did not set it
    (shopkit's own defaults are not the host's explicit choice)."""
    value = getattr(settings, setting, None)
    return value if isinstance(value, Mapping) else {}


def stand_in_user() -> Any:
    """An unsaved user, to ask ``shopkit_cart_store`` which store a logged-in shopper gets."""
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=0)


def plugin_origin(manager: pluggy.PluginManager, name: str, plugin: object) -> str:
    """Where a registered plugin came from."""
    if name in DEFAULT_PLUGINS:
        return "built-in default"
    for registered, distribution in manager.list_plugin_distinfo():
        if registered is plugin:
            return f"entry point of {distribution.project_name} {distribution.version}"
    if name in app_settings.PLUGINS:
        return "SHOPKIT_PLUGINS"
    return "registered at run time"


__all__ = [
    "PROVIDER_FAMILIES",
    "Answer",
    "ProvidedName",
    "ProviderFamily",
    "answers",
    "default_provider",
    "first_answer",
    "host_entries",
    "plugin_origin",
    "provided_names",
    "stand_in_user",
]
