"""What payment and SMS providers share: a base class and building from settings.

Collecting what every plugin contributes into one registry is the seam
resolver's job (``shopkit.core.seams.ProviderSeam``)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class Provider:
    """A named, configured implementation of one provider family.

    Subclasses document their options as keyword arguments of ``__init__``.
    """

    #: Human-readable name shown to shoppers and staff.
    title: str = ""

    def __init__(self, name: str, **options: Any) -> None:
        self.name = name
        if options:
            raise ImproperlyConfigured(
                f"{type(self).__name__} {name!r} got unknown options: {sorted(options)}"
            )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


ProviderT = TypeVar("ProviderT", bound=Provider)


def providers_from_settings(
    config: dict[str, dict[str, Any]], base: type[ProviderT], setting_name: str
) -> list[ProviderT]:
    """Instantiate ``{name: {"BACKEND": path, "OPTIONS": {...}}}`` entries."""
    providers = []
    for name, entry in config.items():
        if not isinstance(entry, dict) or "BACKEND" not in entry:
            raise ImproperlyConfigured(f"{setting_name}[{name!r}] needs a 'BACKEND' dotted path.")
        try:
            backend = import_string(entry["BACKEND"])
        except ImportError as exc:
            raise ImproperlyConfigured(f"{setting_name}[{name!r}]: {exc}") from exc
        if not (isinstance(backend, type) and issubclass(backend, base)):
            raise ImproperlyConfigured(
                f"{setting_name}[{name!r}]: {entry['BACKEND']} is not a {base.__name__}."
            )
        providers.append(backend(name=name, **entry.get("OPTIONS", {})))
    return providers
