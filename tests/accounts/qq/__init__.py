"""A QQ login provider written as a third party would: one small package,
no edit anywhere in shopkit. Switch it on like any login provider::

    SHOPKIT_LOGIN_PROVIDERS = {
        "qq": {
            "BACKEND": "tests.accounts.qq.provider.QQLoginProvider",
            "OPTIONS": {"app_id": "…", "app_key": "…"},
        },
    }
"""
