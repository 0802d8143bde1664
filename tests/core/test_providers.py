import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from shopkit import hookimpl
from shopkit.accounts.sms.base import SMSProvider
from shopkit.accounts.sms.registry import get_sms_providers
from shopkit.payments.providers.base import PaymentProvider
from shopkit.payments.registry import get_payment_providers


class QuietSMS(SMSProvider):
    def __init__(self, name, sender="shop"):
        super().__init__(name)
        self.sender = sender


class CardProvider(PaymentProvider):
    title = "Card"


@override_settings(
    SHOPKIT_SMS_PROVIDERS={
        "quiet": {"BACKEND": "tests.core.test_providers.QuietSMS", "OPTIONS": {"sender": "fresh"}}
    }
)
def test_providers_are_built_from_settings_with_options():
    provider = get_sms_providers()["quiet"]
    assert isinstance(provider, QuietSMS) and provider.sender == "fresh"


@pytest.mark.parametrize(
    "config, message",
    [
        ({"x": {}}, "needs a 'BACKEND'"),
        ({"x": {"BACKEND": "tests.core.no_such.Provider"}}, "SHOPKIT_PAYMENT_PROVIDERS"),
        ({"x": {"BACKEND": "tests.core.test_providers.QuietSMS"}}, "is not a PaymentProvider"),
        (
            {"x": {"BACKEND": "tests.core.test_providers.CardProvider", "OPTIONS": {"colour": 1}}},
            "unknown options",
        ),
    ],
)
def test_bad_provider_settings_are_improperly_configured(config, message):
    with override_settings(SHOPKIT_PAYMENT_PROVIDERS=config):
        with pytest.raises(ImproperlyConfigured, match=message):
            get_payment_providers()


class PluginCards:
    @hookimpl
    def shopkit_payment_providers(self):
        provider = CardProvider(name="card")
        provider.title = "Plugin card"
        return [provider]


@override_settings(
    SHOPKIT_PAYMENT_PROVIDERS={
        "card": {"BACKEND": "tests.core.test_providers.CardProvider"},
        "other": {"BACKEND": "tests.core.test_providers.CardProvider"},
    }
)
def test_plugin_provider_wins_over_settings_provider_of_same_name(shopkit_plugin):
    shopkit_plugin(PluginCards(), name="cards")
    providers = get_payment_providers()
    assert providers["card"].title == "Plugin card"
    assert set(providers) == {"card", "other"}


def test_base_class_methods_name_the_class_and_method():
    with pytest.raises(NotImplementedError, match="CardProvider must implement refund"):
        CardProvider(name="card").refund(None, "")
