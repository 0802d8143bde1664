"""The SMS provider interface: a console provider for development and
``shopkit.contrib.yuntongxun`` implement it; so can any plugin."""

from __future__ import annotations

from collections.abc import Mapping

from shopkit.core.providers import Provider


class SMSProvider(Provider):
    """Base class of SMS providers. Subclasses implement every method below."""

    setting = "SHOPKIT_SMS_PROVIDERS"

    def send(self, phone: str, template: str, params: Mapping[str, str]) -> None:
        """Send the message ``template`` filled with ``params`` to ``phone``.

        Raise ``ShopkitError`` when the provider refuses or cannot be reached.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement send()")
