"""The Alipay package: its provider passes the payments contract against the
local RSA2 gateway (``alipay_gateway_server``), configured as a host does."""

import pytest
from django.core.exceptions import ImproperlyConfigured

import shopkit.contrib.alipay
from shopkit.contrib.alipay.provider import AlipayProvider
from shopkit.payments.checks import check_plugin_payment_providers
from shopkit.payments.registry import get_payment_providers
from shopkit.testing.payments import PaymentProviderContract


class TestAlipayContract(PaymentProviderContract):
    provider_class = AlipayProvider
    plugin = "shopkit.contrib.alipay"
    provider_name = "alipay"

    @pytest.fixture(autouse=True)
    def gateway(self, alipay_gateway_server):
        self.gateway = alipay_gateway_server

    def provider_options(self):
        return self.gateway.options()

    def complete_payment(self, provider, order, pay_url):
        assert self.gateway.open(pay_url) == 200
        self.gateway.pay(order.order_id)

    def notification_for(self, provider, order):
        return self.gateway.notification(order.order_id)

    def return_params_for(self, provider, order):
        return self.gateway.return_params(order.order_id)

    def was_refunded(self, provider, payment):
        return self.gateway.refunded(payment.order_id)


def test_the_package_provides_alipay_from_its_entry(alipay):
    provider = get_payment_providers()["alipay"]
    assert isinstance(provider, AlipayProvider) and provider.app_id == alipay.app_id
    assert "sandbox" in get_payment_providers()  # the other entries stay the default plugin's


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"app_id": ""}, r"needs 'app_id' in SHOPKIT_PAYMENT_PROVIDERS\['alipay'\]\['OPTIONS'\]"),
        (
            {"app_id": "", "seller_id": ""},
            r"needs 'app_id', 'seller_id' in SHOPKIT_PAYMENT_PROVIDERS",
        ),
        ({"sign_type": "RSA"}, r"\['OPTIONS'\]\['sign_type'\] must be 'RSA2'"),
        ({"app_private_key": "not a key"}, r"\['OPTIONS'\]\['app_private_key'\] cannot be used"),
        ({"alipay_public_key": "bm90IGEga2V5"}, r"\['alipay_public_key'\] cannot be used"),
        ({"timeout": -1}, r"\['OPTIONS'\]\['timeout'\] must be a positive number of seconds"),
        ({"APP_ID": "2021"}, r"\['OPTIONS'\] has unknown options for AlipayProvider: \['APP_ID'\]"),
    ],
)
def test_wrong_options_name_setting_and_key(
    settings, shopkit_plugin, alipay_gateway_server, override, message
):
    options = alipay_gateway_server.options(**override)
    settings.SHOPKIT_PAYMENT_PROVIDERS = {"alipay": {"OPTIONS": options}}
    shopkit_plugin(shopkit.contrib.alipay, name="shopkit.contrib.alipay")
    with pytest.raises(ImproperlyConfigured, match=message):
        get_payment_providers()


def test_the_entry_without_the_plugin_is_a_check_error_and_no_provider(
    settings, alipay_gateway_server
):
    options = alipay_gateway_server.options()
    settings.SHOPKIT_PAYMENT_PROVIDERS = {"alipay": {"OPTIONS": options}}
    assert get_payment_providers() == {}
    [error] = check_plugin_payment_providers()
    assert error.id == "shopkit.E014" and '"shopkit.contrib.alipay"' in error.hint


def test_a_second_account_is_a_backend_entry_under_another_name(settings, alipay):
    backend = "shopkit.contrib.alipay.provider.AlipayProvider"
    settings.SHOPKIT_PAYMENT_PROVIDERS = {
        "alipay": {"OPTIONS": alipay.options()},
        "alipay-hk": {"BACKEND": backend, "OPTIONS": alipay.options(seller_id="2088000000000002")},
    }
    providers = get_payment_providers()
    assert providers["alipay-hk"].seller_id == "2088000000000002"
    assert providers["alipay"].seller_id == alipay.seller_id
