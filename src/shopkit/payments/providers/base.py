"""The payment provider interface. The built-in ``sandbox`` and
``shopkit.contrib.alipay`` implement it; so can any plugin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shopkit.core.providers import Provider


@dataclass(frozen=True)
class PaymentStart:
    """How to send the shopper to pay: a URL to open (page pay, sandbox page)."""

    url: str


@dataclass(frozen=True)
class VerifiedPayment:
    """A notification, return or query answer whose signature and fields checked out.

    ``paid`` is true only when the provider says the money was taken; a
    browser return never proves that by itself, so providers return
    ``paid=False`` from :meth:`PaymentProvider.verify_return` unless their
    return is as trustworthy as a notification.
    """

    order_id: str
    amount: Decimal
    trade_no: str
    paid: bool
    raw: Mapping[str, Any] = field(default_factory=dict)


class PaymentProvider(Provider):
    """Base class of payment providers. Subclasses implement every method below.

    Verifying methods raise ``ShopkitError`` with ``PAYS_SIGNATURE_INVALID``
    (forged, another merchant's) or ``PAYS_BAD_PARAMETER`` (fields missing or
    malformed); talking to the provider raises ``PAYS_PROVIDER_UNAVAILABLE``
    when it fails. The services check the order and its amount; providers
    check that the message is authentic and meant for this merchant.
    """

    setting = "SHOPKIT_PAYMENT_PROVIDERS"

    def start(self, order: Any, return_url: str, notify_url: str) -> PaymentStart:
        """Begin paying ``order``; return where the shopper goes next."""
        raise NotImplementedError(f"{type(self).__name__} must implement start()")

    def verify_notification(self, data: Mapping[str, Any]) -> VerifiedPayment:
        """Check a server-to-server notification; raise ``ShopkitError`` if forged."""
        raise NotImplementedError(f"{type(self).__name__} must implement verify_notification()")

    def notification_response(self, accepted: bool) -> tuple[str, str]:
        """The body and content type the provider expects in reply to a notification."""
        raise NotImplementedError(f"{type(self).__name__} must implement notification_response()")

    def verify_return(self, data: Mapping[str, Any]) -> VerifiedPayment:
        """Check the parameters the shopper's browser came back with."""
        raise NotImplementedError(f"{type(self).__name__} must implement verify_return()")

    def query(self, order: Any) -> VerifiedPayment | None:
        """Ask the provider about ``order``'s trade; ``None`` if it has none."""
        raise NotImplementedError(f"{type(self).__name__} must implement query()")

    def refund(self, payment: Any, reason: str) -> None:
        """Give the whole ``payment`` (a :class:`~shopkit.payments.models.Payment`)
        back to the shopper; raise ``PAYS_REFUND_FAILED`` if the provider refuses."""
        raise NotImplementedError(f"{type(self).__name__} must implement refund()")
