"""Plugins' Wagtail admin screens: shopkit's hooks bridged to Wagtail's.

``shopkit_admin_menu_items`` answers are added to the main menu each time
Wagtail builds it (``construct_main_menu``), so they follow the plugins at
runtime. ``shopkit_admin_viewsets`` answers are registered through
``register_admin_viewset``, which Wagtail reads once, when it builds its
admin URLs.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from shopkit.core.surface import Contributions

ADMIN_MENU_ITEMS = Contributions(
    "shopkit_admin_menu_items",
    accepts=lambda item: isinstance(item, MenuItem),
    expected="Wagtail MenuItem instances",
)
ADMIN_VIEWSETS = Contributions(
    "shopkit_admin_viewsets",
    accepts=lambda item: isinstance(item, ViewSet | ViewSetGroup),
    expected="Wagtail ViewSet or ViewSetGroup instances",
)


@hooks.register("construct_main_menu")
def add_plugin_menu_items(request: HttpRequest, menu_items: list[Any]) -> None:
    menu_items.extend(item for item in ADMIN_MENU_ITEMS.get() if item.is_shown(request))


@hooks.register("register_admin_viewset")
def register_plugin_viewsets() -> list[ViewSet | ViewSetGroup]:
    return ADMIN_VIEWSETS.get()
