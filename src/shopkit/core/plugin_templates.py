"""Plugins' own templates, found by the host's template engines without an
``INSTALLED_APPS`` or ``TEMPLATES`` line.

``install()`` (from ``ready()``) adds :class:`PluginTemplatesLoader` after the
loaders of every Django template engine, so the host's ``DIRS`` and the apps'
``templates/`` folders come first: a host overrides a plugin's template as it
overrides shopkit's. The folders are those ``shopkit_template_dirs``
answers. The loader caches what it compiled, as Django's cached loader does,
and forgets it when the plugins change, so a plugin registered at runtime
finds its templates and one unregistered loses them.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakSet

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.engine import Engine
from django.template.loaders.cached import Loader as CachedLoader
from django.template.loaders.filesystem import Loader as FilesystemLoader

from shopkit.core.surface import template_dirs
from shopkit.plugins import plugins_changed

LOADER = "shopkit.core.plugin_templates.PluginTemplatesLoader"
#: The settings after which Django builds new template engines
#: (``django.test.signals.reset_template_engines``).
ENGINE_SETTINGS = frozenset({"TEMPLATES", "DEBUG", "INSTALLED_APPS"})

#: Every loader built, so that each forgets its templates when the plugins change.
_loaders: WeakSet[PluginTemplatesLoader] = WeakSet()


class PluginDirsLoader(FilesystemLoader):
    """Reads templates from the folders plugins name in ``shopkit_template_dirs``."""

    def get_dirs(self) -> list[Any]:
        return template_dirs()


class PluginTemplatesLoader(CachedLoader):
    """:class:`PluginDirsLoader`, cached until the plugins change."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, ["shopkit.core.plugin_templates.PluginDirsLoader"])
        _loaders.add(self)


def install() -> None:
    """Add the loader after every Django template engine's loaders (idempotent)."""
    for backend in engines.all():
        if isinstance(backend, DjangoTemplates) and LOADER not in backend.engine.loaders:
            backend.engine.loaders = [*backend.engine.loaders, LOADER]
            # The engine builds its loaders once, from ``loaders``.
            backend.engine.__dict__.pop("template_loaders", None)


@receiver(plugins_changed, dispatch_uid="shopkit.core.plugin_templates.plugins_changed")
def forget_plugin_templates(**kwargs: Any) -> None:
    for loader in _loaders:
        loader.reset()


@receiver(setting_changed, dispatch_uid="shopkit.core.plugin_templates.setting_changed")
def install_in_new_engines(*, setting: str, **kwargs: Any) -> None:
    # Django's receiver, connected first, has dropped the engines: build them with the loader.
    if setting in ENGINE_SETTINGS:
        install()
