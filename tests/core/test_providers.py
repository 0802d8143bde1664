import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from shopkit import hookimpl
from shopkit.accounts.sms.base import SMSProvider
from shopkit.accounts.sms.registry import get_sms_providers
from shopkit.core.providers import plugin_providers
from shopkit.payments.checks import check_plugin_payment_providers
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
        ({"x": "tests.core.test_providers.CardProvider"}, r"\['x'\] must be a dict"),
        ({"x": {"BACKEND": "tests.core.test_providers.CardProvider", "OPTION": {}}}, "'OPTION'"),
        ({"x": {"BACKEND": "tests.core.test_providers.CardProvider", "OPTIONS": []}}, "dict"),
        ({"x": {"BACKEND": "tests.core.no_such.Provider"}}, "SHOPKIT_PAYMENT_PROVIDERS"),
        ({"x": {"BACKEND": "tests.core.test_providers.QuietSMS"}}, "is not a PaymentProvider"),
        (
            {"x": {"BACKEND": "tests.core.test_providers.CardProvider", "OPTIONS": {"colour": 1}}},
            r"SHOPKIT_PAYMENT_PROVIDERS\['x'\]\['OPTIONS'\] has unknown options",
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


class CardPackage:
    """What a provider package's plugin is: it provides the name ``card``."""

    @hookimpl
    def shopkit_payment_providers(self):
        return plugin_providers(
            "SHOPKIT_PAYMENT_PROVIDERS", "card", "tests.core.test_providers.CardProvider"
        )


class CheckedCard(CardProvider):
    def __init__(self, name, merchant=""):
        super().__init__(name)
        self.require_options(merchant=merchant)
        self.merchant = merchant


@override_settings(SHOPKIT_PAYMENT_PROVIDERS={"card": {}, "sandbox": {}})
def test_an_entry_without_backend_is_built_by_the_plugin_of_its_name(shopkit_plugin):
    assert get_payment_providers() == {}
    shopkit_plugin(CardPackage(), name="card-package")
    assert list(get_payment_providers()) == ["card"]
    assert type(get_payment_providers()["card"]) is CardProvider


@override_settings(
    SHOPKIT_PAYMENT_PROVIDERS={
        "card": {"BACKEND": "tests.core.test_providers.CheckedCard", "OPTIONS": {"merchant": "m-1"}}
    }
)
def test_an_entry_with_a_backend_is_built_by_the_default_plugin_only(shopkit_plugin):
    shopkit_plugin(CardPackage(), name="card-package")
    assert get_payment_providers()["card"].merchant == "m-1"


def test_a_named_but_unconfigured_package_provides_nothing(shopkit_plugin, settings):
    settings.SHOPKIT_PAYMENT_PROVIDERS = {}
    shopkit_plugin(CardPackage(), name="card-package")
    assert get_payment_providers() == {}


@override_settings(
    SHOPKIT_PAYMENT_PROVIDERS={"card": {"BACKEND": "tests.core.test_providers.CheckedCard"}}
)
def test_a_missing_option_names_the_setting_and_the_key():
    with pytest.raises(
        ImproperlyConfigured,
        match=r"'card' needs 'merchant' in SHOPKIT_PAYMENT_PROVIDERS\['card'\]\['OPTIONS'\]",
    ):
        get_payment_providers()


@override_settings(SHOPKIT_PAYMENT_PROVIDERS={"card": {"OPTIONS": {}}})
def test_a_name_without_backend_that_no_plugin_provides_is_a_check_error(shopkit_plugin):
    [error] = check_plugin_payment_providers()
    assert error.id == "shopkit.E014" and "SHOPKIT_PAYMENT_PROVIDERS['card']" in error.msg
    assert "SHOPKIT_PLUGINS" in error.hint
    shopkit_plugin(CardPackage(), name="card-package")
    assert check_plugin_payment_providers() == []


@override_settings(SHOPKIT_PAYMENT_PROVIDERS={"alipay": {"OPTIONS": {}}})
def test_the_check_names_the_contrib_package_that_provides_a_name():
    [error] = check_plugin_payment_providers()
    assert '"shopkit.contrib.alipay"' in error.hint
