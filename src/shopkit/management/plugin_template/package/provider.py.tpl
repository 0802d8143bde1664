"""The SMS provider class of ``${module}``."""

from collections.abc import Mapping
from typing import Any

from shopkit.accounts.sms.base import SMSProvider

#: ``(phone, template, values)`` of every message sent, oldest first. It stands in
#: for your SMS service: make ``send`` call its API, and the tests read what it got.
OUTBOX: list[tuple[str, str, list[str]]] = []


class ${class_name}(SMSProvider):
    """Sends shopkit's text messages (verification codes) through ${title}.

    Options, in ``SHOPKIT_SMS_PROVIDERS["${module}"]["OPTIONS"]``:

    ``sender``
        The name messages are signed with (required).
    """

    title = "${title}"

    def __init__(self, name: str, sender: str = "", **options: Any) -> None:
        super().__init__(name, **options)
        self.require_options(sender=sender)
        self.sender = sender

    def send(self, phone: str, template: str, params: Mapping[str, str]) -> None:
        # Raise shopkit.core.exceptions.ShopkitError when the service refuses.
        OUTBOX.append((phone, template, list(params.values())))
