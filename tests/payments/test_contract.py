import pytest

from shopkit.contrib.alipay.provider import AlipayProvider
from shopkit.payments.providers.sandbox import SandboxPaymentProvider
from shopkit.testing.payments import PaymentProviderContractTests


class TestSandboxContract(PaymentProviderContractTests):
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


class TestAlipayContract(PaymentProviderContractTests):
    provider_class = AlipayProvider

    @pytest.fixture(autouse=True)
    def gateway(self, alipay_gateway_server):
        self.gateway = alipay_gateway_server

    def provider_options(self):
        return {
            "app_id": self.gateway.app_id,
            "app_private_key": self.gateway.app_private_key,
            "alipay_public_key": self.gateway.alipay_public_key,
            "seller_id": self.gateway.seller_id,
            "gateway_url": self.gateway.url,
            "timeout": 5,
        }

    def complete_payment(self, provider, order, pay_url):
        assert self.gateway.open(pay_url) == 200
        self.gateway.pay(order.order_id)

    def notification_for(self, provider, order):
        return self.gateway.notification(order.order_id)

    def return_params_for(self, provider, order):
        return self.gateway.return_params(order.order_id)

    def was_refunded(self, provider, payment):
        return self.gateway.refunded(payment.order_id)
