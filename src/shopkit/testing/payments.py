"""Contract tests every payment provider must pass.

Subclass :class:`PaymentProviderContract` in a pytest test class (its
name must start with ``Test``) and fill in what it names::

    class TestMyPay(PaymentProviderContract):
        provider_class = MyPayProvider

        def provider_options(self):
            return {"merchant": "m-1", "endpoint": self.server.url}

        def complete_payment(self, provider, order, pay_url):
            self.server.pay(order.order_id)       # the shopper pays; no notification yet

        def notification_for(self, provider, order):
            return self.server.notification(order.order_id)

        def return_params_for(self, provider, order):
            return self.server.return_params(order.order_id)

        def was_refunded(self, provider, payment):
            return self.server.refunded(payment.order_id)

Orders and payments are unsaved model instances: the contract needs no
database. The provider is built as ``SHOPKIT_PAYMENT_PROVIDERS`` builds it:
``provider_class(name=..., **provider_options())``. A provider package's
plugin (``shopkit.contrib.alipay``) sets
:attr:`~PaymentProviderContract.plugin` and
:attr:`~PaymentProviderContract.provider_name`: the test that configures
shopkit then does it as a host does, with the plugin active and only the
options under its name.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from shopkit.core.exceptions import ShopkitError
from shopkit.payments.providers.base import PaymentProvider, PaymentStart
from shopkit.testing import configured_provider
from shopkit.testing.contract import Contract

NOTIFY_URL = "http://shop.test/v1/pays/contract/notify"
RETURN_URL = "http://shop.test/v1/pays/contract/return"


def altered(value: str) -> str:
    """``value`` with its last character changed."""
    return value[:-1] + ("1" if value[-1:] != "1" else "2")


class PaymentProviderContract(Contract):
    #: The provider class under test.
    provider_class: type[PaymentProvider]
    #: The provider package whose plugin provides it (a dotted path), if any.
    plugin: str | None = None
    #: The name that plugin provides (with :attr:`plugin`).
    provider_name: str = "contract"

    def provider_options(self) -> dict[str, Any]:
        """Options that make a working provider."""
        raise NotImplementedError(f"{type(self).__name__} must implement provider_options()")

    def complete_payment(self, provider: PaymentProvider, order: Any, pay_url: str) -> None:
        """Play the shopper paying ``order`` at the provider after opening ``pay_url``;
        no notification is sent."""
        raise NotImplementedError(f"{type(self).__name__} must implement complete_payment()")

    def notification_for(self, provider: PaymentProvider, order: Any) -> Mapping[str, str]:
        """The provider's notification of the completed payment of ``order``."""
        raise NotImplementedError(f"{type(self).__name__} must implement notification_for()")

    def return_params_for(self, provider: PaymentProvider, order: Any) -> Mapping[str, str]:
        """The parameters the shopper's browser returns with after paying ``order``."""
        raise NotImplementedError(f"{type(self).__name__} must implement return_params_for()")

    def was_refunded(self, provider: PaymentProvider, payment: Any) -> bool:
        """Whether the provider holds a refund of ``payment``."""
        raise NotImplementedError(f"{type(self).__name__} must implement was_refunded()")

    # -- helpers -------------------------------------------------------------

    def make_provider(self, name: str = "contract", **overrides: Any) -> PaymentProvider:
        return self.provider_class(name=name, **{**self.provider_options(), **overrides})

    @staticmethod
    def make_order(amount: str = "128.50") -> Any:
        from shopkit.orders.models import Order

        order_id = "9" + "".join(secrets.choice("0123456789") for _ in range(15))
        return Order(order_id=order_id, total_amount=Decimal(amount))

    def paid_order(self, provider: PaymentProvider) -> Any:
        order = self.make_order()
        self.complete_payment(provider, order, self.start(provider, order))
        return order

    @staticmethod
    def start(provider: PaymentProvider, order: Any) -> str:
        started = provider.start(order, return_url=RETURN_URL, notify_url=NOTIFY_URL)
        assert isinstance(started, PaymentStart)
        return started.url

    # -- the contract ----------------------------------------------------------

    def test_is_a_payment_provider_keeping_its_name(self) -> None:
        provider = self.make_provider("cashier")
        assert isinstance(provider, PaymentProvider)
        assert provider.name == "cashier" and "cashier" in repr(provider)
        assert str(provider.title)

    def test_unknown_option_is_improperly_configured(self) -> None:
        with pytest.raises(ImproperlyConfigured, match="unknown options"):
            self.make_provider(no_such_option_for_the_contract=1)

    def test_configured_by_its_name_it_is_an_active_provider(self) -> None:
        from shopkit.payments.registry import get_payment_providers

        options = self.provider_options()
        with configured_provider(
            "SHOPKIT_PAYMENT_PROVIDERS",
            self.provider_class,
            options,
            plugin=self.plugin,
            name=self.provider_name,
        ) as name:
            provider = get_payment_providers()[name]
        assert isinstance(provider, self.provider_class) and provider.name == name
        assert self.start(provider, self.make_order()).startswith(("http://", "https://"))

    def test_start_gives_an_absolute_url(self) -> None:
        url = self.start(self.make_provider(), self.make_order())
        assert url.startswith(("http://", "https://"))

    def test_query_before_paying_is_not_paid(self) -> None:
        provider = self.make_provider()
        order = self.make_order()
        self.start(provider, order)
        answer = provider.query(order)
        assert answer is None or not answer.paid

    def test_notification_of_a_payment_verifies_to_order_amount_and_trade(self) -> None:
        provider = self.make_provider()
        order = self.paid_order(provider)
        verified = provider.verify_notification(self.notification_for(provider, order))
        assert verified.order_id == order.order_id
        assert verified.amount == order.total_amount
        assert verified.trade_no and verified.paid

    def test_notification_with_any_field_altered_is_rejected(self) -> None:
        provider = self.make_provider()
        order = self.paid_order(provider)
        notification = dict(self.notification_for(provider, order))
        for field, value in notification.items():
            if value:
                with pytest.raises(ShopkitError):
                    provider.verify_notification({**notification, field: altered(value)})

    def test_notification_without_fields_is_rejected(self) -> None:
        with pytest.raises(ShopkitError):
            self.make_provider().verify_notification({})

    def test_accepted_and_rejected_notifications_are_answered_differently(self) -> None:
        provider = self.make_provider()
        accepted, rejected = (
            provider.notification_response(True),
            provider.notification_response(False),
        )
        assert accepted != rejected
        assert all(isinstance(part, str) and part for part in (*accepted, *rejected))

    def test_return_verifies_to_its_order_and_is_not_proof_of_payment_alone(self) -> None:
        provider = self.make_provider()
        order = self.paid_order(provider)
        params = dict(self.return_params_for(provider, order))
        assert provider.verify_return(params).order_id == order.order_id
        for field, value in params.items():
            if value:
                with pytest.raises(ShopkitError):
                    provider.verify_return({**params, field: altered(value)})

    def test_query_after_paying_confirms_amount_and_trade(self) -> None:
        provider = self.make_provider()
        order = self.paid_order(provider)
        answer = provider.query(order)
        assert answer is not None and answer.paid
        assert answer.order_id == order.order_id and answer.amount == order.total_amount
        notified = provider.verify_notification(self.notification_for(provider, order))
        assert answer.trade_no == notified.trade_no

    def test_refund_of_a_paid_payment_reaches_the_provider(self) -> None:
        from shopkit.payments.models import Payment, PaymentStatus

        provider = self.make_provider()
        order = self.paid_order(provider)
        verified = provider.verify_notification(self.notification_for(provider, order))
        payment = Payment(
            order=order,
            provider=provider.name,
            amount=verified.amount,
            trade_no=verified.trade_no,
            status=PaymentStatus.REFUNDING,
        )
        assert not self.was_refunded(provider, payment)
        provider.refund(payment, "contract test")
        assert self.was_refunded(provider, payment)
