"""System checks for accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

WEIBO_HINT = (
    'SHOPKIT_LOGIN_PROVIDERS = {"weibo": {"BACKEND": '
    '"shopkit.contrib.weibo.provider.WeiboLoginProvider", '
    '"OPTIONS": {"client_id": "…", "client_secret": "…"}}}'
)


def check_removed_weibo_setting(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``SHOPKIT_WEIBO`` is read by nothing any more: without this error a
    project upgrading would lose Weibo login without a word."""
    if not hasattr(settings, "SHOPKIT_WEIBO"):
        return []
    return [
        Error(
            "SHOPKIT_WEIBO was removed: Weibo login is a login provider configured in "
            "SHOPKIT_LOGIN_PROVIDERS, so this setting switches nothing on.",
            hint=f"Replace SHOPKIT_WEIBO with {WEIBO_HINT} (the old keys in lower case).",
            id="shopkit.E013",
        )
    ]
