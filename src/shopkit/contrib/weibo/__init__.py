"""Weibo OAuth2 login: configure ``SHOPKIT_WEIBO`` and install the ``weibo`` extra."""
