"""Contract tests every SMS provider must pass.

Subclass :class:`SMSProviderContract` in a pytest test class (its name must
start with ``Test``) and fill in the class attributes and methods it names::

    class TestMySMS(SMSProviderContract):
        provider_class = MySMSProvider

        def provider_options(self):
            return {"api_key": "test", "endpoint": self.server_url}

        def delivered(self):
            return [(m.phone, m.template, m.values) for m in self.server.messages]

The provider is built exactly as ``SHOPKIT_SMS_PROVIDERS`` builds it:
``provider_class(name=..., **provider_options())``. A provider package's
plugin (``shopkit.contrib.yuntongxun``) sets :attr:`~SMSProviderContract.plugin`
and :attr:`~SMSProviderContract.provider_name`: the tests that configure
shopkit then do it as a host does, with the plugin active and only the
options under its name.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from shopkit.accounts.sms.base import SMSProvider
from shopkit.core.exceptions import ShopkitError
from shopkit.testing import configured_provider
from shopkit.testing.contract import Contract


class SMSProviderContract(Contract):
    #: The provider class under test.
    provider_class: type[SMSProvider]
    #: The provider package whose plugin provides it (a dotted path), if any.
    plugin: str | None = None
    #: The name that plugin provides (with :attr:`plugin`).
    provider_name: str = "contract"

    def provider_options(self) -> dict[str, Any]:
        """Options that make a provider which delivers."""
        raise NotImplementedError(f"{type(self).__name__} must implement provider_options()")

    def delivered(self) -> list[tuple[str, str, list[str]]]:
        """``(phone, template, values)`` of every message delivered so far, oldest
        first; ``values`` are the ``params`` values in the order they were given."""
        raise NotImplementedError(f"{type(self).__name__} must implement delivered()")

    def failing_provider_options(self) -> dict[str, Any] | None:
        """Options that make delivery fail (unreachable, refused), or ``None``
        for a provider that cannot fail; the failure test then skips."""
        return None

    # -- helpers -------------------------------------------------------------

    def make_provider(self, name: str = "contract", **overrides: Any) -> SMSProvider:
        return self.provider_class(name=name, **{**self.provider_options(), **overrides})

    @staticmethod
    def random_phone() -> str:
        return "139" + "".join(secrets.choice("0123456789") for _ in range(8))

    def configured(self, options: dict[str, Any]) -> Any:
        """``SHOPKIT_SMS_PROVIDERS`` holding the provider under test, configured
        as a host does (see :func:`shopkit.testing.configured_provider`)."""
        return configured_provider(
            "SHOPKIT_SMS_PROVIDERS",
            self.provider_class,
            options,
            plugin=self.plugin,
            name=self.provider_name,
        )

    # -- the contract ----------------------------------------------------------

    def test_is_an_sms_provider_keeping_its_name(self) -> None:
        provider = self.make_provider("texts")
        assert isinstance(provider, SMSProvider)
        assert provider.name == "texts" and "texts" in repr(provider)

    def test_send_delivers_phone_template_and_params_in_order(self) -> None:
        phone = self.random_phone()
        before = len(self.delivered())
        result = self.make_provider().send(phone, "1", {"code": "123456", "minutes": "5"})
        assert result is None
        assert self.delivered()[before:] == [(phone, "1", ["123456", "5"])]

    def test_unknown_option_is_improperly_configured(self) -> None:
        with pytest.raises(ImproperlyConfigured, match="unknown options"):
            self.make_provider(no_such_option_for_the_contract=1)

    def test_configured_by_its_name_it_is_an_active_provider(self) -> None:
        from shopkit.accounts.sms.registry import get_sms_providers

        with self.configured(self.provider_options()) as name:
            provider = get_sms_providers()[name]
        assert isinstance(provider, self.provider_class) and provider.name == name

    def test_failed_delivery_raises_shopkit_error(self) -> None:
        options = self.failing_provider_options()
        if options is None:
            pytest.skip(f"{self.provider_class.__name__} cannot fail to deliver")
        provider = self.provider_class(name="contract", **options)
        with pytest.raises(ShopkitError):
            provider.send(self.random_phone(), "1", {"code": "123456", "minutes": "5"})

    def test_sends_shopkit_verification_codes_when_configured(self) -> None:
        from shopkit.accounts.sms.codes import consume_sms_code, send_sms_code

        phone = self.random_phone()
        with (
            self.configured(self.provider_options()) as name,
            override_settings(SHOPKIT_SMS_CODE_PROVIDER=name, SHOPKIT_SMS_CODE_TEMPLATE="7"),
        ):
            send_sms_code(phone)
        sent_phone, template, (code, minutes) = self.delivered()[-1]
        assert (sent_phone, template, minutes) == (phone, "7", "5")
        assert consume_sms_code(phone, code)
        assert not consume_sms_code(phone, code)
