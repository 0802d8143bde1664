"""Weibo (微博) login: install the ``weibo`` extra and list
``provider.WeiboLoginProvider`` in ``SHOPKIT_LOGIN_PROVIDERS``::

    SHOPKIT_LOGIN_PROVIDERS = {
        "weibo": {
            "BACKEND": "shopkit.contrib.weibo.provider.WeiboLoginProvider",
            "OPTIONS": {"client_id": "…", "client_secret": "…"},
        },
    }
"""
