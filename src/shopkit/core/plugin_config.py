"""A plugin's own settings: one entry of ``SHOPKIT_PLUGIN_CONFIG``, validated.

A plugin declares its schema once, as a pydantic model or a dataclass, and
the name its entry lives under (its entry point name, by convention), in
a :class:`PluginConfig` on the plugin named ``shopkit_config``::

    # my_sms/__init__.py
    from pydantic import BaseModel
    from shopkit import hookimpl
    from shopkit.core.plugin_config import PluginConfig

    class Settings(BaseModel):
        api_key: str
        sender: str = "shop"

    shopkit_config = PluginConfig("my-sms", Settings)

    @hookimpl
    def shopkit_sms_providers():
        return [MySMSProvider(name="my-sms", api_key=shopkit_config.get().api_key)]

and the host writes ``SHOPKIT_PLUGIN_CONFIG = {"my-sms": {"api_key": "…"}}``.
:meth:`PluginConfig.get` validates the entry (a missing entry is ``{}``, so
the schema's defaults apply) and raises ``ImproperlyConfigured`` naming the
plugin, the key and the problem; an unknown key is a problem too, so a typo
is not silently ignored. The validated value is kept until
``SHOPKIT_PLUGIN_CONFIG`` changes (``override_settings`` included). The
system check ``shopkit.E020`` validates the ``shopkit_config`` of every
registered plugin at start-up (:func:`declared_configs`).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from shopkit.conf import app_settings
from shopkit.plugins import get_plugin_manager

T = TypeVar("T")

SETTING = "SHOPKIT_PLUGIN_CONFIG"
#: The attribute of a plugin (module or object) holding its :class:`PluginConfig`.
ATTRIBUTE = "shopkit_config"

_validated: dict[PluginConfig[Any], Any] = {}
_validated_lock = threading.Lock()


class PluginConfig(Generic[T]):
    """``SHOPKIT_PLUGIN_CONFIG[name]`` validated against ``schema``.

    :param name: the key of the plugin's entry (use the plugin's entry point name).
    :param schema: a pydantic model or a dataclass (standard or pydantic's);
        its fields are the keys the entry may hold.
    """

    def __init__(self, name: str, schema: type[T]) -> None:
        from pydantic import TypeAdapter

        self.name = name
        self.schema = schema
        self._adapter = TypeAdapter(schema)

    def get(self) -> T:
        """The validated settings; ``ImproperlyConfigured`` when the entry is invalid."""
        try:
            return _validated[self]
        except KeyError:
            pass
        value = self._validate()
        with _validated_lock:
            _validated[self] = value
        return value

    def errors(self) -> list[str]:
        """What is wrong with the entry, one problem per item (none when it is valid)."""
        try:
            self._validate()
        except InvalidPluginConfig as exc:
            return exc.problems
        return []

    def _validate(self) -> T:
        from pydantic import ValidationError

        entry = app_settings.PLUGIN_CONFIG.get(self.name, {})
        if not isinstance(entry, Mapping):
            raise InvalidPluginConfig(
                self.name, [f"{self.path()} must be a dict, not {type(entry).__name__}"]
            )
        problems = [
            f"{self.path(key)}: unknown key (known: {', '.join(self.known_keys()) or 'none'})"
            for key in entry
            if not self.allows(key)
        ]
        try:
            value = self._adapter.validate_python(dict(entry))
        except ValidationError as exc:
            problems += [self.describe(error) for error in exc.errors()]
        if problems:
            raise InvalidPluginConfig(self.name, problems)
        return value

    def known_keys(self) -> list[str]:
        if dataclasses.is_dataclass(self.schema):
            return [field.name for field in dataclasses.fields(self.schema)]
        return list(getattr(self.schema, "model_fields", {}))

    def allows(self, key: Any) -> bool:
        model_config = getattr(self.schema, "model_config", {})
        return key in self.known_keys() or model_config.get("extra") == "allow"

    def path(self, *keys: Any) -> str:
        return SETTING + "".join(f"[{key!r}]" for key in (self.name, *keys))

    def describe(self, error: Mapping[str, Any]) -> str:
        # The value is left out on purpose: it may be a secret (an API key).
        given = "" if error["type"] == "missing" else f" (got {type(error['input']).__name__})"
        return f"{self.path(*error['loc'])}: {error['msg']}{given}"

    def __repr__(self) -> str:
        return f"<PluginConfig {self.name!r} {self.schema.__name__}>"


class InvalidPluginConfig(ImproperlyConfigured):
    """A plugin's entry in ``SHOPKIT_PLUGIN_CONFIG`` does not fit its schema."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(f"shopkit plugin {name!r} is misconfigured: {'; '.join(problems)}.")


def declared_configs() -> Iterator[tuple[str, PluginConfig[Any]]]:
    """``(plugin name, its PluginConfig)`` for every registered plugin that declares one."""
    manager = get_plugin_manager()
    for plugin_name, plugin in manager.list_name_plugin():
        declared = getattr(plugin, ATTRIBUTE, None)
        if isinstance(declared, PluginConfig):
            yield plugin_name, declared


@receiver(setting_changed, dispatch_uid="shopkit.core.plugin_config.setting_changed")
def forget_validated_on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == SETTING:
        with _validated_lock:
            _validated.clear()


__all__ = ["InvalidPluginConfig", "PluginConfig", "declared_configs"]
