"""System checks for search."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning
from django.utils.module_loading import import_string

CHINESE_ENGINE = "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine"
#: haystack engines that cut text at spaces, so a Chinese name is one long word.
WHITESPACE_ENGINES = (
    "haystack.backends.whoosh_backend.WhooshEngine",
    "haystack.backends.simple_backend.SimpleEngine",
)


def check_chinese_search(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from shopkit.conf import app_settings

    if not settings.LANGUAGE_CODE.lower().startswith("zh"):
        return []
    if app_settings.SEARCH_BACKEND != "haystack":
        return []
    alias = app_settings.SEARCH_CONNECTION
    engine_path = settings.HAYSTACK_CONNECTIONS.get(alias, {}).get("ENGINE", "")
    if not _cuts_at_spaces(engine_path):
        return []
    return [
        Warning(
            f"The search connection {alias!r} uses {engine_path}, which does not cut "
            f"Chinese into words, while LANGUAGE_CODE is {settings.LANGUAGE_CODE!r}: "
            "searching a Chinese word finds almost nothing.",
            hint=f'Use "ENGINE": "{CHINESE_ENGINE}" in HAYSTACK_CONNECTIONS[{alias!r}], or '
            "remove HAYSTACK_CONNECTIONS to get it by default.",
            id="shopkit.W012",
        )
    ]


def _cuts_at_spaces(engine_path: str) -> bool:
    try:
        engine = import_string(engine_path)
        chinese = import_string(CHINESE_ENGINE)
    except ImportError:
        return False
    whitespace = tuple(import_string(path) for path in WHITESPACE_ENGINES)
    return issubclass(engine, whitespace) and not issubclass(engine, chinese)
