"""TestPay keeps shopkit's payment contract (``shopkit.testing.payments``),
configured as a host configures it: the plugin active, only the options under
its name ``"testpay"``.

TestPay is not installed in shopkit's environment, so each test installs it
from its ``pyproject.toml`` (as ``tests/test_plugin_surface.py`` does) and
takes the provider class from the installed package; in TestPay's own
repository the class would say ``provider_class = TestPayProvider``.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import resolve

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.payments.models import Payment
from shopkit.payments.registry import get_payment_providers
from shopkit.testing import registered_plugin
from shopkit.testing.payments import NOTIFY_URL, RETURN_URL, PaymentProviderContract
from tests.fixtures.distributions import installed_project

TESTPAY_PROJECT = Path(__file__).parent / "fixtures" / "plugins" / "shopkit_testpay"


@pytest.fixture
def testpay(tmp_path):
    """TestPay installed and its plugin registered, so its pages are served."""
    with installed_project(tmp_path, TESTPAY_PROJECT) as testpay:
        with registered_plugin(testpay, name="testpay"):
            yield testpay


class TestTestPayContract(PaymentProviderContract):
    plugin = "shopkit_testpay"
    provider_name = "testpay"

    @pytest.fixture(autouse=True)
    def _testpay(self, testpay):
        self.provider_class = testpay.provider.TestPayProvider
        self.gateway = testpay.gateway

    def provider_options(self):
        return {"secret": "a-merchant-key-for-the-contract"}

    def complete_payment(self, provider, order, pay_url):
        # The shopper opens TestPay's pay page and pays: its cashier reads the
        # ticket start() signed into the URL and enters the trade.
        match = resolve(urlsplit(pay_url).path)
        assert match.view_name == "shopkit_plugins:testpay:pay"
        self.gateway.take_payment(self.gateway.read_ticket(provider.secret, match.kwargs["ticket"]))

    def notification_for(self, provider, order):
        body, signature = self.gateway.notification_for(provider.secret, order.order_id)
        return {"body": body.decode(), "signature": signature}

    def return_params_for(self, provider, order):
        return self.gateway.return_params(provider.secret, self.gateway.trade_of(order.order_id))

    def was_refunded(self, provider, payment):
        return self.gateway.refund_of(payment.order_id) is not None


# --- beyond the kit: TestPay's own rules ------------------------------------------


def paid_at_testpay(testpay, amount="36.00"):
    """A TestPay provider and an unsaved order the shopper paid at TestPay."""
    provider = testpay.provider.TestPayProvider(name="testpay", secret="merchant-key")
    order = PaymentProviderContract.make_order(amount)
    ticket = resolve(urlsplit(provider.start(order, RETURN_URL, NOTIFY_URL).url).path)
    trade = testpay.gateway.take_payment(
        testpay.gateway.read_ticket(provider.secret, ticket.kwargs["ticket"])
    )
    payment = Payment(order=order, amount=order.total_amount, trade_no=trade["trade_no"])
    return provider, order, payment


def test_refunding_again_changes_nothing(testpay):
    provider, order, payment = paid_at_testpay(testpay)
    provider.refund(payment, "first")
    provider.refund(payment, "again")
    assert testpay.gateway.refund_of(order.order_id)["reason"] == "first"
    assert not provider.query(order).paid


def test_a_refund_of_another_trade_or_amount_is_refused(testpay):
    provider, order, payment = paid_at_testpay(testpay)
    payment.trade_no = "TP0000"
    with pytest.raises(ShopkitError, match="no trade") as refused:
        provider.refund(payment, "wrong trade")
    assert refused.value.code == ErrorCode.PAYS_REFUND_FAILED
    payment.trade_no, payment.amount = testpay.gateway.trade_of(order.order_id)["trade_no"], 1
    with pytest.raises(ShopkitError, match="whole trades"):
        provider.refund(payment, "part of it")
    assert provider.query(order).paid


def test_without_its_secret_it_is_improperly_configured(testpay, settings):
    settings.SHOPKIT_PAYMENT_PROVIDERS = {"testpay": {"OPTIONS": {}}}
    with pytest.raises(
        ImproperlyConfigured,
        match=r"needs 'secret' in SHOPKIT_PAYMENT_PROVIDERS\['testpay'\]\['OPTIONS'\]",
    ):
        get_payment_providers()


def test_installed_without_its_entry_it_supplies_nothing(testpay, settings):
    settings.SHOPKIT_PAYMENT_PROVIDERS = {
        "sandbox": {"BACKEND": "shopkit.payments.providers.sandbox.SandboxPaymentProvider"}
    }
    assert list(get_payment_providers()) == ["sandbox"]
