"""Provider packages (payment, SMS, login, storage). Each is a plugin switched on
by naming it in ``SHOPKIT_PLUGINS`` and configured under its name in its
family's one setting: ``SHOPKIT_PAYMENT_PROVIDERS["alipay"]``,
``SHOPKIT_SMS_PROVIDERS["yuntongxun"]``, ``SHOPKIT_LOGIN_PROVIDERS["weibo"]``,
``STORAGES["s3"]``, ``STORAGES["fastdfs"]`` (see docs/plugins.md, "Provider
packages")."""
