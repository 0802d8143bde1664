"""The seam resolver: the one place that asks the plugins for a backend or providers.

Like Django's ``BaseConnectionHandler`` (``django/utils/connection.py``) keeps
one connection per alias, :data:`resolver` keeps one answer per seam and
arguments: the storage of a purpose, the cache of a purpose, the search
backend, each provider family's registry. It drops every answer when the
plugins change (``shopkit.plugins.plugins_changed``: a rebuild, a plugin
registered or unregistered) or a setting the answers depend on changes
(``setting_changed``), and it owns the one "not configured" error.

A family is declared next to the function that serves it, in one line::

    PAYMENT_PROVIDERS = ProviderSeam("shopkit_payment_providers", PaymentProvider,
                                     setting="SHOPKIT_PAYMENT_PROVIDERS")

    def get_payment_providers() -> dict[str, PaymentProvider]:
        return PAYMENT_PROVIDERS.get()
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Generic, Literal, TypeVar

from asgiref.local import Local
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from shopkit.core.providers import Provider
from shopkit.plugins import get_plugin_manager, plugins_changed

T = TypeVar("T")
P = TypeVar("P", bound=Provider)

DOCS = "see docs/plugins.md"

#: Settings besides every ``SHOPKIT_*`` one that the built-in answers are read
#: from: Django's storage handler resets on the first three, its cache handler
#: on ``CACHES``, the haystack backend is built from ``HAYSTACK_CONNECTIONS``,
#: and the default payment and SMS providers depend on ``DEBUG``.
RESET_SETTINGS = frozenset(
    {"STORAGES", "STATIC_ROOT", "STATIC_URL", "CACHES", "HAYSTACK_CONNECTIONS", "DEBUG"}
)


class SeamNotConfigured(ImproperlyConfigured):
    """No plugin answered a seam's hook, or its answer could not be built.

    The message names the hook with its arguments and says what to do.
    """


class Seam(Generic[T]):
    """One ``firstresult`` hook that chooses a backend.

    :param hook: the hook's name, e.g. ``"shopkit_storage"``.
    :param argnames: the hook's arguments, in the order :meth:`get` takes them.
    :param fix: what makes a plugin answer, for the error when none does.
    :param kept: how long an answer is kept: ``"process"`` (one per arguments,
        shared by every thread), ``"thread"`` (one per arguments and thread or
        async context, for objects Django itself keeps per thread, such as
        caches), or ``"never"`` (asked on every :meth:`get`).
    """

    def __init__(
        self,
        hook: str,
        *,
        argnames: Sequence[str] = (),
        fix: str,
        kept: Literal["process", "thread", "never"] = "process",
    ) -> None:
        self.hook = hook
        self.argnames = tuple(argnames)
        self.fix = fix
        self.kept = kept

    def get(self, *args: Any) -> T:
        """The answer for ``args`` (the hook's arguments, in ``argnames`` order)."""
        return resolver.resolve(self, args)

    def answered(self, *args: Any) -> bool:
        """Whether any plugin answers for ``args``, asked afresh and not kept
        (for system checks); an answer that cannot be built still raises."""
        return resolver.call(self, args) is not None

    def answer(self, result: Any, args: tuple[Any, ...]) -> T:
        """Turn the hook's result into the seam's answer, or raise the seam's error."""
        if result is None:
            raise SeamNotConfigured(f"No plugin answered {self.call(args)}: {self.fix}; {DOCS}.")
        return result

    def call(self, args: tuple[Any, ...]) -> str:
        """The hook call, as an error message shows it."""
        shown = ", ".join(
            f"{name}={_short(value)}" for name, value in zip(self.argnames, args, strict=True)
        )
        return f"{self.hook}({shown})"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.hook}>"


class ProviderSeam(Seam[dict[str, P]]):
    """A collect-all hook of providers, answered as one registry ``{name: provider}``.

    pluggy returns results in call order, so the plugin registered last (the
    one meant to win) comes first, and its provider keeps a name given twice.
    No provider at all is an empty registry, not an error: each family says
    what that means (a system check, an error code for the shopper).
    """

    def __init__(self, hook: str, base: type[P], *, setting: str) -> None:
        fix = (
            f"make every implementation of {hook} return a list of {base.__name__} "
            f"instances (the built-in one builds them from {setting})"
        )
        super().__init__(hook, fix=fix)
        self.base = base

    def get(self, *args: Any) -> dict[str, P]:
        # A copy: a caller changing its registry must not change the kept one.
        return dict(super().get(*args))

    def answer(self, result: Any, args: tuple[Any, ...]) -> dict[str, P]:
        registry: dict[str, P] = {}
        for contributed in result:
            if isinstance(contributed, str | Provider) or not isinstance(contributed, Iterable):
                raise self.wrong_answer(contributed, args)
            for provider in contributed:
                if not isinstance(provider, self.base):
                    raise self.wrong_answer(provider, args)
                registry.setdefault(provider.name, provider)
        return registry

    def wrong_answer(self, value: Any, args: tuple[Any, ...]) -> SeamNotConfigured:
        return SeamNotConfigured(
            f"{self.call(args)} returned {value!r} where a list of "
            f"{self.base.__name__} instances belongs: {self.fix}; {DOCS}."
        )


class SeamResolver:
    """Asks each seam's hook once per arguments and keeps the answer until a reset."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        # Storages, search backends and providers are shared by every thread,
        # as Django's StorageHandler shares storages: they hold configuration,
        # and what is per thread (S3 connections, haystack backends) they look
        # up per use. Caches are per thread in Django (CacheHandler's Local),
        # so their answers are too.
        # Rebinding rather than clearing: a lookup that raced this reset
        # finishes into the old dicts, which are then dropped.
        self._shared: dict[tuple[Seam[Any], tuple[Any, ...]], Any] = {}
        self._local = Local()

    def resolve(self, seam: Seam[T], args: tuple[Any, ...]) -> T:
        if seam.kept == "never":
            return self.ask(seam, args)
        if seam.kept == "thread":
            try:
                answers = self._local.answers
            except AttributeError:
                answers = self._local.answers = {}
        else:
            answers = self._shared
        key = (seam, args)
        try:
            return answers[key]
        except KeyError:
            pass
        answer = answers[key] = self.ask(seam, args)
        return answer

    def ask(self, seam: Seam[T], args: tuple[Any, ...]) -> T:
        """Call the hook, without looking at or filling the kept answers."""
        return seam.answer(self.call(seam, args), args)

    def call(self, seam: Seam[Any], args: tuple[Any, ...]) -> Any:
        """The hook's raw result; a plugin's ``ImproperlyConfigured`` becomes the seam's error."""
        hook = getattr(get_plugin_manager().hook, seam.hook)
        try:
            return hook(**dict(zip(seam.argnames, args, strict=True)))
        except SeamNotConfigured:
            raise
        except ImproperlyConfigured as exc:
            raise SeamNotConfigured(f"{seam.call(args)} failed: {exc} ({DOCS})") from exc


def _short(value: Any) -> str:
    if getattr(value, "_meta", None) is not None and hasattr(value, "pk"):
        return f"<{type(value).__name__} pk={value.pk!r}>"  # no names or e-mails in logs
    return repr(value)


#: The process-wide resolver every seam goes through.
resolver = SeamResolver()


@receiver(plugins_changed, dispatch_uid="shopkit.core.seams.plugins_changed")
def reset_on_plugins_changed(**kwargs: Any) -> None:
    resolver.reset()


@receiver(setting_changed, dispatch_uid="shopkit.core.seams.setting_changed")
def reset_on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("SHOPKIT_") or setting in RESET_SETTINGS:
        resolver.reset()


__all__ = ["ProviderSeam", "Seam", "SeamNotConfigured", "SeamResolver", "resolver"]
