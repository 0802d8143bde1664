"""Contract tests every login provider must pass.

Subclass :class:`LoginProviderContract` in a pytest test class (its name
must start with ``Test``) and fill in what it names, against a test server
standing in for the provider::

    class TestMyLogin(LoginProviderContract):
        provider_class = MyLoginProvider

        @pytest.fixture(autouse=True)
        def server(self, my_fake_oauth_server):
            self.fake = my_fake_oauth_server

        def provider_options(self):
            return {"client_id": "id", "client_secret": "secret", "base_url": self.fake.url}

        def approve(self, provider, authorization_url):
            return self.fake.approve(authorization_url)  # the callback's query

        def approved_uid(self):
            return self.fake.uid

The provider is built exactly as ``SHOPKIT_LOGIN_PROVIDERS`` builds it:
``provider_class(name=..., **provider_options())``. A provider package's
plugin (``shopkit.contrib.weibo``) sets
:attr:`~LoginProviderContract.plugin` and
:attr:`~LoginProviderContract.provider_name`: the tests that configure
shopkit then do it as a host does, with the plugin active and only the
options under its name. The last test logs in
through shopkit's own services (binding a new account, then logging in with
it again), so it needs pytest-django and a database.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from shopkit.accounts.login_providers.base import LoginProvider, ProviderAccount
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.testing import configured_provider
from shopkit.testing.contract import Contract

NAME = "contract"
REDIRECT_URI = "http://shop.test/user/oauth/contract/callback/"


class LoginProviderContract(Contract):
    #: The provider class under test.
    provider_class: type[LoginProvider]
    #: The provider package whose plugin provides it (a dotted path), if any.
    plugin: str | None = None
    #: The name that plugin provides (with :attr:`plugin`).
    provider_name: str = NAME

    def provider_options(self) -> dict[str, Any]:
        """Options that make a provider talking to the test server."""
        raise NotImplementedError(f"{type(self).__name__} must implement provider_options()")

    def approve(self, provider: LoginProvider, authorization_url: str) -> Mapping[str, str]:
        """Play the shopper opening ``authorization_url`` and approving the login;
        return the query the provider redirects back with (``code``, ``state``)."""
        raise NotImplementedError(f"{type(self).__name__} must implement approve()")

    def approved_uid(self) -> str:
        """The provider's account id of the shopper who approves the next login."""
        raise NotImplementedError(f"{type(self).__name__} must implement approved_uid()")

    def failing_provider_options(self) -> dict[str, Any] | None:
        """Options that make the code exchange fail (unreachable, wrong secret),
        or ``None`` to skip that test."""
        return None

    # -- helpers -------------------------------------------------------------

    def make_provider(self, name: str = NAME, **overrides: Any) -> LoginProvider:
        return self.provider_class(name=name, **{**self.provider_options(), **overrides})

    def callback(self, provider: LoginProvider, state: str = "") -> Mapping[str, str]:
        state = state or secrets.token_urlsafe(12)
        return self.approve(provider, provider.authorization_url(REDIRECT_URI, state))

    def configured(self) -> Any:
        """``SHOPKIT_LOGIN_PROVIDERS`` holding the provider under test, configured
        as a host does (see :func:`shopkit.testing.configured_provider`)."""
        return configured_provider(
            "SHOPKIT_LOGIN_PROVIDERS",
            self.provider_class,
            self.provider_options(),
            plugin=self.plugin,
            name=self.provider_name,
        )

    @staticmethod
    def assert_login_failed(call: Any, *args: Any) -> None:
        with pytest.raises(ShopkitError) as caught:
            call(*args)
        assert caught.value.code == ErrorCode.USERS_LOGIN_PROVIDER_FAILED

    # -- the contract ----------------------------------------------------------

    def test_is_a_login_provider_keeping_its_name_and_a_title(self) -> None:
        provider = self.make_provider("social")
        assert isinstance(provider, LoginProvider)
        assert provider.name == "social" and "social" in repr(provider)
        assert str(provider.title), "set title: it labels the login button"

    def test_unknown_option_is_improperly_configured(self) -> None:
        with pytest.raises(ImproperlyConfigured, match="unknown options"):
            self.make_provider(no_such_option_for_the_contract=1)

    def test_configured_by_its_name_it_is_an_active_provider(self) -> None:
        from shopkit.accounts.login_providers.registry import get_login_providers

        with self.configured() as name:
            provider = get_login_providers()[name]
        assert isinstance(provider, self.provider_class) and provider.name == name

    def test_approval_comes_back_to_the_redirect_uri_with_the_state(self) -> None:
        provider = self.make_provider()
        state = secrets.token_urlsafe(12)
        callback = self.callback(provider, state)
        assert callback.get("state") == state and callback.get("code")

    def test_code_exchanges_for_the_approving_account(self) -> None:
        provider = self.make_provider()
        account = provider.exchange_code(self.callback(provider)["code"], REDIRECT_URI)
        assert isinstance(account, ProviderAccount)
        assert isinstance(account.uid, str) and 0 < len(account.uid) <= 64
        assert account.uid == str(self.approved_uid())
        assert isinstance(account.profile, Mapping)

    def test_a_code_is_good_once(self) -> None:
        provider = self.make_provider()
        code = self.callback(provider)["code"]
        provider.exchange_code(code, REDIRECT_URI)
        self.assert_login_failed(provider.exchange_code, code, REDIRECT_URI)

    def test_unknown_code_fails(self) -> None:
        self.assert_login_failed(self.make_provider().exchange_code, "no-such-code", REDIRECT_URI)

    def test_code_for_another_redirect_uri_fails(self) -> None:
        provider = self.make_provider()
        code = self.callback(provider)["code"]
        self.assert_login_failed(provider.exchange_code, code, "http://evil.test/callback/")

    def test_failed_exchange_is_a_login_provider_error(self) -> None:
        options = self.failing_provider_options()
        if options is None:
            pytest.skip(f"{self.provider_class.__name__} has no failing options")
        good = self.make_provider()
        code = self.callback(good)["code"]
        failing = self.provider_class(name=NAME, **options)
        self.assert_login_failed(failing.exchange_code, code, REDIRECT_URI)

    @pytest.mark.django_db
    def test_binds_and_logs_in_through_shopkit_when_configured(self) -> None:
        from shopkit.accounts.login_providers import services
        from shopkit.accounts.services import NewAccount

        digits = "".join(secrets.choice("0123456789") for _ in range(8))
        with self.configured() as name:
            state = services.make_state(name)
            url = services.authorization_url(name, REDIRECT_URI, state)
            callback = self.approve(self.make_provider(), url)
            services.check_state(name, callback["state"])
            with pytest.raises(ShopkitError) as unbound:
                services.user_for_code(name, callback["code"], REDIRECT_URI)
            assert unbound.value.code == ErrorCode.PROVIDER_ACCOUNT_NOT_BOUND
            account = NewAccount(
                username=f"contract{digits[:6]}",
                # Nothing like the name: Django's similarity validator must not refuse it.
                password="Bright-Orchard-Lantern-42",
                email=f"contract{digits}@example.com",
                phone=f"139{digits}",
            )
            user = services.bind(
                None,
                name,
                unbound.value.data["uid"],
                account,
                lambda code: f"http://shop.test/activate/{code}",
            )
            url = services.authorization_url(name, REDIRECT_URI, services.make_state(name))
            again = self.approve(self.make_provider(), url)
            assert services.user_for_code(name, again["code"], REDIRECT_URI) == user
