"""What plugins add to shopkit's surface: pages, API routers, template folders.

The collect-all hooks of ``shopkit.hookspecs.surface`` are asked through the
seam resolver (:mod:`shopkit.core.seams`), so each is asked once and its
answer kept until the plugins change. Their URLs are served through
:class:`RebuiltInclude`, which builds its patterns again after every change,
so a plugin registered or unregistered at runtime adds or removes its routes
without a restart.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from django.dispatch import receiver
from django.urls import URLPattern, URLResolver, clear_url_caches
from django.urls.resolvers import RoutePattern
from ninja import Router

from shopkit.core.seams import DOCS, Seam, SeamNotConfigured
from shopkit.plugins import get_plugin_manager, plugins_changed

#: The URL namespace of every storefront route plugins add.
PLUGIN_URL_NAMESPACE = "shopkit_plugins"


class Contributions(Seam[list[Any]]):
    """A collect-all hook answered as one list of what every plugin returned,
    in call order (the plugin registered last first).

    :param accepts: whether one contributed item is of the kind the hook takes.
    :param expected: that kind in words, for the error naming a wrong answer.
    """

    def __init__(self, hook: str, *, accepts: Callable[[Any], bool], expected: str) -> None:
        super().__init__(
            hook, fix=f"make every implementation of {hook} return a list of {expected}"
        )
        self.accepts = accepts

    def answer(self, result: Any, args: tuple[Any, ...]) -> list[Any]:
        contributed = []
        for answer in result:
            if isinstance(answer, str) or not isinstance(answer, Iterable):
                raise self.wrong_answer(answer, args)
            for item in answer:
                if not self.accepts(item):
                    raise self.wrong_answer(item, args)
                contributed.append(item)
        return contributed

    def wrong_answer(self, value: Any, args: tuple[Any, ...]) -> SeamNotConfigured:
        return SeamNotConfigured(f"{self.call(args)} returned {value!r}: {self.fix}; {DOCS}.")


def _is_mounted_router(item: Any) -> bool:
    return (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], Router)
    )


STOREFRONT_URLS = Contributions(
    "shopkit_storefront_urls",
    accepts=lambda item: isinstance(item, URLPattern | URLResolver),
    expected="URL patterns (path(), re_path() or include() results)",
)
API_ROUTERS = Contributions(
    "shopkit_api_routers", accepts=_is_mounted_router, expected="(prefix, ninja Router) pairs"
)
TEMPLATE_DIRS = Contributions(
    "shopkit_template_dirs",
    accepts=lambda item: isinstance(item, str | os.PathLike),
    expected="template directories",
)


def storefront_urls() -> list[URLPattern | URLResolver]:
    """The URL patterns every plugin adds to the storefront."""
    return STOREFRONT_URLS.get()


def api_routers() -> list[tuple[str, Router]]:
    """The ``(prefix, router)`` pairs every plugin adds to the ``/v1/`` API."""
    return API_ROUTERS.get()


def template_dirs() -> list[str | os.PathLike[str]]:
    """The template directories every plugin adds."""
    return TEMPLATE_DIRS.get()


@cache
def plugins_fingerprint() -> str:
    """A digest of the registered plugins' names and distribution versions: a
    page rendered with other plugins (whose slots and detail data it shows)
    is another page, in every process that has the same plugins."""
    manager = get_plugin_manager()
    versions = {
        manager.get_name(plugin): dist.version for plugin, dist in manager.list_plugin_distinfo()
    }
    plugins = sorted(
        f"{name} {versions.get(name, '')}" for name, plugin in manager.list_name_plugin() if plugin
    )
    return hashlib.sha256("\0".join(plugins).encode()).hexdigest()


class RebuiltInclude(URLResolver):
    """An ``include()`` whose patterns ``build()`` returns, built again after
    the plugins change.

    Django keeps every resolver's patterns and reverse lookups for the life of
    the process. Only this one's are dropped, which is enough because its
    namespace is fixed: the resolvers above it keep no more of it than
    ``namespace → this resolver``, so a plugin's URL names are reversed below
    it (``reverse("shopkit_plugins:testpay:pay")``).
    """

    def __init__(
        self,
        route: str,
        build: Callable[[], Sequence[URLPattern | URLResolver]],
        *,
        app_name: str,
        namespace: str,
    ) -> None:
        self.build = build
        # ``self`` is the "URLconf module": Django reads its ``urlpatterns``.
        super().__init__(RoutePattern(route), self, app_name=app_name, namespace=namespace)
        plugins_changed.connect(self.forget_patterns)

    def __repr__(self) -> str:
        # Django's repr shows ``urlconf_name``, which is ``self``: it would never end.
        return (
            f"<{type(self).__name__} {self.pattern.describe()} "
            f"(app_name={self.app_name}, namespace={self.namespace})>"
        )

    @property
    def urlpatterns(self) -> Sequence[URLPattern | URLResolver]:
        return self.build()

    def forget_patterns(self, **kwargs: Any) -> None:
        """Drop the built patterns and every lookup made from them."""
        # Django keeps them as cached properties and in the state __init__ sets up.
        self.__dict__.pop("url_patterns", None)
        self.__dict__.pop("urlconf_module", None)
        URLResolver.__init__(
            self, self.pattern, self, app_name=self.app_name, namespace=self.namespace
        )
        clear_url_caches()


@receiver(plugins_changed, dispatch_uid="shopkit.core.surface.plugins_changed")
def forget_plugins_fingerprint(**kwargs: Any) -> None:
    plugins_fingerprint.cache_clear()
