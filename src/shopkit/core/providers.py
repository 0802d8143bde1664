"""What payment, SMS and login providers share: a base class and building from settings.

Each family has one dict setting, ``{name: {"BACKEND": ..., "OPTIONS": {...}}}``
(``SHOPKIT_PAYMENT_PROVIDERS``, ``SHOPKIT_SMS_PROVIDERS``,
``SHOPKIT_LOGIN_PROVIDERS``). An entry is built by one of two parties:

- with a ``BACKEND``, by the default plugin (:func:`providers_from_settings`):
  the sandbox, the console, a host's own class;
- without one, by the plugin that provides that name (:func:`plugin_providers`),
  e.g. ``"alipay"`` by ``shopkit.contrib.alipay`` once it is in
  ``SHOPKIT_PLUGINS``; the entry then only holds the ``OPTIONS``.

Collecting what every plugin contributes into one registry is the seam
resolver's job (``shopkit.core.seams.ProviderSeam``); a name without a
``BACKEND`` that no active plugin provides is the system check
``shopkit.E014``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from shopkit.conf import app_settings

ENTRY_KEYS = frozenset({"BACKEND", "OPTIONS"})


class Provider:
    """A named, configured implementation of one provider family.

    Subclasses document their options on the class and take them as keyword
    arguments of ``__init__``, checking them there: an option that is missing
    or wrong is an ``ImproperlyConfigured`` naming the setting and the key
    (:meth:`option_error`, :meth:`require_options`).
    """

    #: Human-readable name shown to shoppers and staff.
    title: str = ""
    #: The family's setting (each family's base class sets it), for error messages.
    setting: ClassVar[str] = "the provider setting"

    def __init__(self, name: str, **options: Any) -> None:
        self.name = name
        if options:
            raise ImproperlyConfigured(
                f"{self.options_path} has unknown options for {type(self).__name__}: "
                f"{sorted(options)}"
            )

    @property
    def options_path(self) -> str:
        """Where this provider's options are set, e.g. ``SHOPKIT_SMS_PROVIDERS['x']['OPTIONS']``."""
        return f"{self.setting}[{self.name!r}]['OPTIONS']"

    def option_error(self, key: str, problem: str) -> ImproperlyConfigured:
        """The error for a wrong option ``key``: ``problem`` says what is wrong."""
        return ImproperlyConfigured(
            f"{self.options_path}[{key!r}] {problem} ({type(self).__name__})."
        )

    def require_options(self, **values: Any) -> None:
        """Raise naming every option of ``values`` that is empty."""
        missing = [key for key, value in values.items() if not value]
        if missing:
            raise ImproperlyConfigured(
                f"{type(self).__name__} {self.name!r} needs "
                f"{', '.join(repr(key) for key in missing)} in {self.options_path}."
            )

    def seconds_option(self, key: str, value: Any) -> float:
        """``value`` as seconds, or the error for option ``key`` if it is not a positive number."""
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self.option_error(key, f"must be a positive number of seconds, not {value!r}")
        return float(value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


ProviderT = TypeVar("ProviderT", bound=Provider)


def family_settings(setting_name: str) -> dict[str, Any]:
    """The current value of a family's setting (``"SHOPKIT_SMS_PROVIDERS"`` …),
    with its default, as ``shopkit.conf.app_settings`` reads it."""
    return getattr(app_settings, setting_name.removeprefix(app_settings.prefix))


def entry_options(setting_name: str, name: str, entry: Any) -> dict[str, Any]:
    """The ``OPTIONS`` of ``entry``, after checking the entry's shape."""
    if not isinstance(entry, Mapping):
        raise ImproperlyConfigured(
            f"{setting_name}[{name!r}] must be a dict like "
            '{"OPTIONS": {...}} or {"BACKEND": "dotted.Class", "OPTIONS": {...}}, '
            f"not {entry!r}."
        )
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise ImproperlyConfigured(
            f"{setting_name}[{name!r}] has unknown keys {sorted(unknown)}: an entry holds "
            "'BACKEND' (optional) and 'OPTIONS'."
        )
    options = entry.get("OPTIONS", {})
    if not isinstance(options, Mapping):
        raise ImproperlyConfigured(f"{setting_name}[{name!r}]['OPTIONS'] must be a dict.")
    return dict(options)


def build_provider(
    setting_name: str, name: str, backend: str, options: dict[str, Any], base: type[ProviderT]
) -> ProviderT:
    """``backend(name=name, **options)``, checked to be a ``base``."""
    try:
        provider_class = import_string(backend)
    except ImportError as exc:
        raise ImproperlyConfigured(f"{setting_name}[{name!r}]: {exc}") from exc
    if not (isinstance(provider_class, type) and issubclass(provider_class, base)):
        raise ImproperlyConfigured(f"{setting_name}[{name!r}]: {backend} is not a {base.__name__}.")
    return provider_class(name=name, **options)


def providers_from_settings(
    config: dict[str, Any], base: type[ProviderT], setting_name: str
) -> list[ProviderT]:
    """The default plugin's part: every ``{name: {"BACKEND": path, "OPTIONS": {...}}}``
    entry with a ``BACKEND``; the others are left to the plugin of that name."""
    providers = []
    for name, entry in config.items():
        options = entry_options(setting_name, name, entry)
        if "BACKEND" in entry:
            providers.append(build_provider(setting_name, name, entry["BACKEND"], options, base))
    return providers


def plugin_providers(setting_name: str, name: str, backend: str) -> list[Provider]:
    """A provider plugin's part: ``backend`` (a dotted path, imported only now)
    built from ``setting[name]["OPTIONS"]`` when that entry has no ``BACKEND``.

    One line is a provider plugin's hook implementation::

        @hookimpl
        def shopkit_sms_providers():
            return plugin_providers("SHOPKIT_SMS_PROVIDERS", "yuntongxun", "my.provider.Class")

    Nothing is contributed while the setting has no entry ``name`` (the plugin
    is named but not configured), or when the entry names its own ``BACKEND``
    (the default plugin builds that one).
    """
    entry = family_settings(setting_name).get(name)
    if entry is None:
        return []
    options = entry_options(setting_name, name, entry)
    if "BACKEND" in entry:
        return []
    return [build_provider(setting_name, name, backend, options, Provider)]


def unprovided_names(config: dict[str, Any], provided: Mapping[str, Any]) -> list[str]:
    """The names of ``config`` with no ``BACKEND`` that are not in ``provided``."""
    return [
        name
        for name, entry in config.items()
        if isinstance(entry, Mapping) and "BACKEND" not in entry and name not in provided
    ]


def first_active_name(setting_name: str, active: Mapping[str, Any]) -> str | None:
    """The provider to use when nobody chose one: the first active provider in
    the order the host wrote ``setting_name`` in, else (the host did not set
    it, or none of its entries is active) the first active one in pluggy's
    call order, where a plugin's come before the built-in defaults. So a
    plugin's provider replaces shopkit's defaults but never goes before one
    the host configured itself. ``None`` when no provider is active."""
    for name in getattr(settings, setting_name, None) or ():
        if name in active:
            return name
    return next(iter(active), None)
