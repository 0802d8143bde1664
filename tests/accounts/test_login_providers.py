"""Login providers are a family: a base class, a registry built from settings and
plugins, and a contract kit a second provider (QQ, the small package in
``tests/accounts/qq``) passes with nothing in shopkit naming it. Logging in
with it through the faces: ``tests/api/test_users_login_providers.py`` and
``tests/storefront/test_login_providers.py``."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from shopkit.accounts.login_providers.base import LoginProvider
from shopkit.accounts.login_providers.registry import get_login_providers
from shopkit.testing.login_providers import LoginProviderContract
from tests.accounts.qq.provider import QQLoginProvider
from tests.fixtures.login_providers import QQPlugin, approve

pytestmark = pytest.mark.django_db


class TestQQContract(LoginProviderContract):
    provider_class = QQLoginProvider

    @pytest.fixture(autouse=True)
    def server(self, shared_qq):
        self.fake = shared_qq

    def provider_options(self):
        return self.fake.options()

    def failing_provider_options(self):
        return {**self.provider_options(), "app_key": "stolen?"}

    def approve(self, provider, authorization_url):
        return approve(authorization_url)

    def approved_uid(self):
        return self.fake.openid


# -- the family ----------------------------------------------------------------


def test_the_base_class_names_the_class_and_method_a_subclass_must_provide():
    bare = LoginProvider("bare")
    with pytest.raises(
        NotImplementedError, match=r"^LoginProvider must implement authorization_url"
    ):
        bare.authorization_url("http://shop.test/callback/", "state")
    with pytest.raises(NotImplementedError, match=r"^LoginProvider must implement exchange_code"):
        bare.exchange_code("code", "http://shop.test/callback/")


@pytest.mark.parametrize("name", ["QQ", "two words", "", "q" * 21, "qq/1"])
def test_a_name_that_cannot_be_part_of_a_url_is_refused(name):
    with pytest.raises(ImproperlyConfigured, match="lowercase letters"):
        LoginProvider(name)


def test_no_login_provider_is_active_unless_configured():
    assert get_login_providers() == {}


def test_a_backend_that_is_not_a_login_provider_is_refused(settings):
    settings.SHOPKIT_LOGIN_PROVIDERS = {
        "sms": {"BACKEND": "shopkit.accounts.sms.console.ConsoleSMSProvider"}
    }
    with pytest.raises(ImproperlyConfigured, match="is not a LoginProvider"):
        get_login_providers()


def test_a_plugin_alone_contributes_a_provider(shopkit_plugin, shared_qq):
    shopkit_plugin(QQPlugin(shared_qq))
    assert isinstance(get_login_providers()["qq"], QQLoginProvider)
