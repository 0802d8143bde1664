"""Logging in with an account at another site (Weibo, QQ, WeChat …).

``base.LoginProvider`` is the interface, ``registry.get_login_providers()``
the active providers (contributed through the ``shopkit_login_providers``
hook; the default plugin builds them from ``SHOPKIT_LOGIN_PROVIDERS``), and
``services`` binds a provider's account to a shop account and logs it in.
"""
