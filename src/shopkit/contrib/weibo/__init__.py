"""Weibo (微博) login: the login provider ``"weibo"``.

Install the ``weibo`` extra, name this package in ``SHOPKIT_PLUGINS`` and
configure it under its name (the options are documented on
:class:`~shopkit.contrib.weibo.provider.WeiboLoginProvider`)::

    SHOPKIT_PLUGINS = ["shopkit.contrib.weibo"]
    SHOPKIT_LOGIN_PROVIDERS = {
        "weibo": {"OPTIONS": {"client_id": "…", "client_secret": "…"}},
    }
"""

from __future__ import annotations

from shopkit import hookimpl
from shopkit.core.providers import Provider, plugin_providers


@hookimpl
def shopkit_login_providers() -> list[Provider]:
    return plugin_providers(
        "SHOPKIT_LOGIN_PROVIDERS", "weibo", "shopkit.contrib.weibo.provider.WeiboLoginProvider"
    )
