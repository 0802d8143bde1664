"""System checks on what plugins do to a host's configuration.

- ``shopkit.E020``: a registered plugin's entry in ``SHOPKIT_PLUGIN_CONFIG``
  does not fit the schema it declares (``shopkit.core.plugin_config``).
- ``shopkit.W021``: a plugin answers where the host chose explicitly: a
  storage or cache purpose the host mapped in ``SHOPKIT_STORAGE_ALIASES`` /
  ``SHOPKIT_CACHE_ALIASES``, a provider name the host configured with a
  ``BACKEND`` in ``SHOPKIT_*_PROVIDERS``, or the default payment or SMS
  provider when the host configured the family, named no default and none
  of its providers is active (else the host's first one is the default).
- ``shopkit.W022``: a plugin replaced the atomic cart store (Redis) with one
  whose ``change_line`` is not atomic.

An answer that cannot be built is not reported here: the resolver's error
and the family's own checks say what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.core.exceptions import ImproperlyConfigured

from shopkit.conf import app_settings
from shopkit.core.backends import CACHE_PURPOSES, STORAGE_PURPOSES
from shopkit.core.plugin_answers import (
    DEFAULT_CACHE_PLUGIN,
    DEFAULT_CART_PLUGIN,
    DEFAULT_PROVIDERS_PLUGIN,
    DEFAULT_STORAGE_PLUGIN,
    PROVIDER_FAMILIES,
    ProviderFamily,
    answers,
    default_provider,
    host_entries,
    provided_names,
    stand_in_user,
)
from shopkit.core.plugin_config import declared_configs

HINT = "Run manage.py shopkit_plugins to see which plugin answers; see docs/plugin-kit.md."


def check_plugin_config(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(
            f"shopkit plugin {plugin_name!r} is misconfigured: {problem}.",
            hint=f"Fix SHOPKIT_PLUGIN_CONFIG[{config.name!r}] (the plugin documents its keys).",
            obj=plugin_name,
            id="shopkit.E020",
        )
        for plugin_name, config in declared_configs()
        for problem in config.errors()
    ]


def check_plugin_overrides(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    messages = [
        *_purpose_overrides(
            "shopkit_storage", DEFAULT_STORAGE_PLUGIN, STORAGE_PURPOSES, "STORAGE_ALIASES"
        ),
        *_purpose_overrides("shopkit_cache", DEFAULT_CACHE_PLUGIN, CACHE_PURPOSES, "CACHE_ALIASES"),
    ]
    for family in PROVIDER_FAMILIES:
        messages += _provider_overrides(family)
    return [
        Warning(message, hint=HINT, obj=plugin, id="shopkit.W021") for plugin, message in messages
    ]


def _purpose_overrides(
    hook: str, default_plugin: str, purposes: tuple[str, ...], aliases_setting: str
) -> Iterator[tuple[str, str]]:
    explicit = getattr(app_settings, aliases_setting)
    for purpose in purposes:
        if purpose not in explicit:
            continue
        try:
            found = answers(hook, purpose=purpose)
        except ImproperlyConfigured:
            continue
        chosen = next((answer.value for answer in found if answer.plugin == default_plugin), None)
        winner = found[0] if found else None
        # No default answer: the alias has no BACKEND and is a storage package's to serve.
        if winner is None or chosen is None or winner.value is chosen:
            continue
        yield (
            winner.plugin,
            f"shopkit plugin {winner.plugin!r} answers {hook}(purpose={purpose!r}), which "
            f"SHOPKIT_{aliases_setting} maps to {explicit[purpose]!r}: the plugin wins over "
            "the setting.",
        )


def _provider_overrides(family: ProviderFamily) -> Iterator[tuple[str, str]]:
    configured = host_entries(family.setting)
    if not configured:
        return
    try:
        provided = provided_names(family)
    except ImproperlyConfigured:
        return
    for entry in provided:
        host_entry = configured.get(entry.name)
        # An entry without a BACKEND is meant for the plugin of its name.
        if not isinstance(host_entry, dict) or "BACKEND" not in host_entry:
            continue
        if entry.plugin != DEFAULT_PROVIDERS_PLUGIN:
            yield (
                entry.plugin,
                f"shopkit plugin {entry.plugin!r} supplies the {family.label} provider "
                f"{entry.name!r}, replacing the one {family.setting}[{entry.name!r}] configures.",
            )
    if family.default_setting is None or hasattr(settings, family.default_setting):
        return
    default = default_provider(family, provided)
    winner = next((entry for entry in provided if entry.name == default), None)
    if winner is not None and default not in configured:
        yield (
            winner.plugin,
            f"shopkit plugin {winner.plugin!r} supplies {default!r}, which became the default "
            f"{family.label} provider instead of one configured in {family.setting}; set "
            f"{family.default_setting} to choose.",
        )


def check_cart_store_atomicity(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        found = answers("shopkit_cart_store", request=None, user=stand_in_user())
    except ImproperlyConfigured:
        return []
    default = next((answer.value for answer in found if answer.plugin == DEFAULT_CART_PLUGIN), None)
    if not found or found[0].plugin == DEFAULT_CART_PLUGIN:
        return []
    winner = found[0]
    if not getattr(default, "atomic_changes", False) or getattr(
        winner.value, "atomic_changes", False
    ):
        return []
    return [
        Warning(
            f"shopkit plugin {winner.plugin!r} replaces the atomic cart store "
            f"{type(default).__name__} with {type(winner.value).__name__}, whose change_line() "
            "is not atomic: two requests changing one cart line at once can lose a change.",
            hint="Use a cart store with atomic_changes = True (see shopkit.cart.stores.base), "
            "or remove the plugin. " + HINT,
            obj=winner.plugin,
            id="shopkit.W022",
        )
    ]
