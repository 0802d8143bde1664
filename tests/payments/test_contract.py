"""The payments contract on the built-in sandbox (Alipay's: tests/contrib/test_alipay.py)."""

from shopkit.payments.providers.sandbox import SandboxPaymentProvider
from shopkit.testing.payments import PaymentProviderContract


class TestSandboxContract(PaymentProviderContract):
    provider_class = SandboxPaymentProvider

    def provider_options(self):
        return {}

    def complete_payment(self, provider, order, pay_url):
        token = pay_url.rsplit("/", 1)[1]
        self.ticket = provider.read_ticket(token)
        provider.complete(self.ticket)

    def notification_for(self, provider, order):
        return provider.complete(self.ticket)

    def return_params_for(self, provider, order):
        return provider.return_params(self.ticket)

    def was_refunded(self, provider, payment):
        return provider.refunded(payment.order_id)
