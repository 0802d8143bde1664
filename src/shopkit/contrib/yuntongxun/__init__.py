"""Ronglian cloud (容联云通讯) SMS: list ``provider.YuntongxunSMSProvider`` in
``SHOPKIT_SMS_PROVIDERS``."""
