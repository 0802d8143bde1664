"""An SMS provider for development: it prints each message instead of sending it."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from shopkit.accounts.sms.base import SMSProvider


class ConsoleSMSProvider(SMSProvider):
    """Writes ``SMS to <phone> [template <id>]: key=value …`` lines to a stream.

    Options: ``stream`` — where to write (default: standard output at send time).
    """

    title = "Console"

    def __init__(self, name: str, stream: TextIO | None = None, **options: object) -> None:
        super().__init__(name, **options)
        self.stream = stream

    def send(self, phone: str, template: str, params: Mapping[str, str]) -> None:
        stream = self.stream or sys.stdout
        values = " ".join(f"{key}={value}" for key, value in params.items())
        stream.write(f"SMS to {phone} [template {template}]: {values}\n")
        stream.flush()
