"""The ``sandbox`` provider: the whole payment flow, offline, for demos and tests.

``start`` links to a local pay page (``/pay/sandbox/<token>``) showing the
order and its amount. Its "Pay" button plays the provider's part: the trade
is entered in the sandbox's ledger (a cache), a notification signed with
Django's signing (HMAC with ``SECRET_KEY``) goes through the same code as a
real notification, and the shopper is sent back to the return URL with signed
parameters. Never activate it where real goods are sold: anyone may press "Pay".
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shopkit.core.backends import CachePurpose, get_cache
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.money import money_text
from shopkit.payments.fields import parse_amount, required
from shopkit.payments.providers.base import PaymentProvider, PaymentStart, VerifiedPayment

START_SALT = "shopkit.payments.sandbox.start"
NOTIFY_SALT = "shopkit.payments.sandbox.notify"
RETURN_SALT = "shopkit.payments.sandbox.return"
SUCCESS = "TRADE_SUCCESS"
LEDGER_TIMEOUT = 30 * 24 * 60 * 60


class SandboxPaymentProvider(PaymentProvider):
    """Options: ``max_age``, the seconds a pay page link stays valid (default
    one hour). The ledger lives in the cache of purpose ``"payments"``."""

    title = _("Sandbox payment")

    def __init__(self, name: str, max_age: int = 60 * 60, **options: Any) -> None:
        super().__init__(name, **options)
        self.max_age = int(max_age)

    # -- the pay page's side ---------------------------------------------------

    def start(self, order: Any, return_url: str, notify_url: str) -> PaymentStart:
        ticket = {
            "provider": self.name,
            "order_id": order.order_id,
            "total_amount": money_text(order.total_amount),
            "return_url": return_url,
            "notify_url": notify_url,
        }
        token = signing.dumps(ticket, salt=START_SALT, compress=True)
        return PaymentStart(urljoin(notify_url, reverse("shopkit_payments:sandbox", args=[token])))

    def read_ticket(self, token: str) -> dict[str, str]:
        """The pay page's order, amount and callback URLs; ``PAYS_SIGNATURE_INVALID``
        if the link is forged, expired or another provider's."""
        ticket = self._load(token, START_SALT, self.max_age)
        if ticket.get("provider") != self.name:
            raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)
        return ticket

    def complete(self, ticket: Mapping[str, str]) -> dict[str, str]:
        """Take the money: enter the trade in the ledger and return its signed
        notification. Paying twice keeps the first trade."""
        ledger = get_cache(CachePurpose.PAYMENTS)
        trade = {
            "out_trade_no": ticket["order_id"],
            "total_amount": ticket["total_amount"],
            "trade_no": f"SBX{timezone.now():%Y%m%d%H%M%S}{secrets.token_hex(6)}",
            "trade_status": SUCCESS,
        }
        ledger.add(self._ledger_key(ticket["order_id"]), trade, LEDGER_TIMEOUT)
        trade = ledger.get(self._ledger_key(ticket["order_id"]), trade)
        return {"payload": signing.dumps(trade, salt=NOTIFY_SALT)}

    def return_params(self, ticket: Mapping[str, str]) -> dict[str, str]:
        """The signed parameters the shopper's browser returns with."""
        payload = {"out_trade_no": ticket["order_id"], "total_amount": ticket["total_amount"]}
        return {"sandbox": signing.dumps(payload, salt=RETURN_SALT)}

    def refunded(self, order_id: str) -> bool:
        """Whether the ledger holds a refund of ``order_id``'s trade."""
        return get_cache(CachePurpose.PAYMENTS).get(self._refund_key(order_id)) is not None

    # -- the shop's side ---------------------------------------------------------

    def verify_notification(self, data: Mapping[str, Any]) -> VerifiedPayment:
        trade = self._load(required(data, "payload", 2000), NOTIFY_SALT)
        return VerifiedPayment(
            order_id=required(trade, "out_trade_no", 16),
            amount=parse_amount(trade.get("total_amount")),
            trade_no=required(trade, "trade_no", 64),
            paid=trade.get("trade_status") == SUCCESS,
            raw=trade,
        )

    def notification_response(self, accepted: bool) -> tuple[str, str]:
        return ("success" if accepted else "failure"), "text/plain"

    def verify_return(self, data: Mapping[str, Any]) -> VerifiedPayment:
        payload = self._load(required(data, "sandbox", 2000), RETURN_SALT)
        return VerifiedPayment(
            order_id=required(payload, "out_trade_no", 16),
            amount=parse_amount(payload.get("total_amount")),
            trade_no="",
            paid=False,
            raw=payload,
        )

    def query(self, order: Any) -> VerifiedPayment | None:
        trade = get_cache(CachePurpose.PAYMENTS).get(self._ledger_key(order.order_id))
        if trade is None:
            return None
        return VerifiedPayment(
            order_id=trade["out_trade_no"],
            amount=parse_amount(trade["total_amount"]),
            trade_no=trade["trade_no"],
            paid=trade["trade_status"] == SUCCESS,
            raw=trade,
        )

    def refund(self, payment: Any, reason: str) -> None:
        refund = {
            "trade_no": payment.trade_no,
            "amount": money_text(payment.amount),
            "reason": reason,
        }
        get_cache(CachePurpose.PAYMENTS).set(
            self._refund_key(payment.order_id), refund, LEDGER_TIMEOUT
        )

    # -- helpers -------------------------------------------------------------------

    def _ledger_key(self, order_id: str) -> str:
        return f"shopkit:sandbox:{self.name}:trade:{order_id}"

    def _refund_key(self, order_id: str) -> str:
        return f"shopkit:sandbox:{self.name}:refund:{order_id}"

    @staticmethod
    def _load(value: str, salt: str, max_age: int | None = None) -> dict[str, Any]:
        try:
            data = signing.loads(value, salt=salt, max_age=max_age)
        except signing.BadSignature:
            raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID) from None
        if not isinstance(data, dict):
            raise ShopkitError(ErrorCode.PAYS_SIGNATURE_INVALID)
        return data
