"""What a host project gets from the short settings block: middleware placed
by one helper, defaults for the apps shopkit brings, and safe provider and
branding defaults."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

import shopkit
from shopkit import hookimpl
from shopkit.conf import app_settings
from shopkit.payments.providers.sandbox import SandboxPaymentProvider
from shopkit.payments.registry import default_provider_name, get_payment_providers
from shopkit.wiring import apply_third_party_defaults
from tests.fixtures.host import WAGTAIL_START_MIDDLEWARE


def test_the_middleware_helper_places_each_middleware_after_its_anchor():
    assert shopkit.middleware(WAGTAIL_START_MIDDLEWARE) == [
        "corsheaders.middleware.CorsMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "shopkit.core.middleware.ApiErrorMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "shopkit.cart.middleware.CartMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    ]


def test_the_middleware_helper_changes_nothing_the_second_time():
    once = shopkit.middleware(WAGTAIL_START_MIDDLEWARE)
    assert shopkit.middleware(once) == once


def test_the_middleware_helper_names_a_missing_anchor():
    without_auth = [m for m in WAGTAIL_START_MIDDLEWARE if "AuthenticationMiddleware" not in m]
    with pytest.raises(ImproperlyConfigured, match="AuthenticationMiddleware"):
        shopkit.middleware(without_auth)


def test_shopkit_apps_bring_the_third_party_apps_shopkit_needs():
    assert {"corsheaders", "ninja", "haystack"} <= set(shopkit.APPS)
    assert shopkit.APPS.index("shopkit") < shopkit.APPS.index("haystack")


def test_the_default_search_index_is_the_chinese_engine_under_base_dir(tmp_path):
    settings = SimpleNamespace(BASE_DIR=tmp_path)
    apply_third_party_defaults(settings)
    assert settings.HAYSTACK_CONNECTIONS == {
        "default": {
            "ENGINE": "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine",
            "PATH": str(Path(tmp_path) / "whoosh_index"),
        }
    }
    assert settings.CORS_URLS_REGEX == r"^/v1/.*$"


def test_defaults_never_replace_what_the_project_set():
    connections = {"default": {"ENGINE": "elsewhere"}}
    settings = SimpleNamespace(HAYSTACK_CONNECTIONS=connections, CORS_URLS_REGEX="^/api/")
    apply_third_party_defaults(settings)
    assert settings.HAYSTACK_CONNECTIONS is connections and settings.CORS_URLS_REGEX == "^/api/"


def test_the_default_search_index_needs_base_dir():
    with pytest.raises(ImproperlyConfigured, match="BASE_DIR"):
        apply_third_party_defaults(SimpleNamespace())


def test_the_sandbox_and_console_sms_are_on_by_default_only_while_debugging(settings):
    del settings.SHOPKIT_PAYMENT_PROVIDERS
    del settings.SHOPKIT_SMS_PROVIDERS
    settings.DEBUG = True
    assert list(app_settings.PAYMENT_PROVIDERS) == ["sandbox"]
    assert list(app_settings.SMS_PROVIDERS) == ["console"]
    settings.DEBUG = False
    assert app_settings.PAYMENT_PROVIDERS == {} and app_settings.SMS_PROVIDERS == {}


def test_the_default_payment_provider_is_the_first_active_one(settings):
    del settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER
    assert default_provider_name() == "sandbox"
    settings.SHOPKIT_PAYMENT_PROVIDERS = {}
    assert default_provider_name() is None


class ExtraPaymentPlugin:
    """A plugin that always adds a provider of its own (called before the default plugin)."""

    @hookimpl
    def shopkit_payment_providers(self):
        return [SandboxPaymentProvider(name="plugin-pay")]


def test_a_plugins_provider_never_becomes_the_default_ahead_of_the_hosts(settings, shopkit_plugin):
    del settings.SHOPKIT_DEFAULT_PAYMENT_PROVIDER
    shopkit_plugin(ExtraPaymentPlugin())
    assert list(get_payment_providers()) == ["plugin-pay", "sandbox"]  # pluggy's call order
    assert default_provider_name() == "sandbox"
    settings.SHOPKIT_PAYMENT_PROVIDERS = {}
    assert default_provider_name() == "plugin-pay"  # the host configured none


def test_the_shop_name_defaults_to_the_wagtail_site_name(settings):
    del settings.SHOPKIT_SHOP_NAME
    settings.WAGTAIL_SITE_NAME = "鲜果小铺"
    assert app_settings.SHOP_NAME == "鲜果小铺"
    del settings.WAGTAIL_SITE_NAME
    assert app_settings.SHOP_NAME == "shopkit"


@pytest.mark.django_db
def test_pages_show_the_shop_name_and_logo_from_settings(client, settings):
    settings.SHOPKIT_SHOP_NAME = "鲜果小铺"
    page = client.get("/").content.decode()
    assert "<title>鲜果小铺</title>" in page and '<a class="logo" href="/">鲜果小铺</a>' in page
    settings.SHOPKIT_LOGO = "mysite/logo.png"
    page = client.get("/").content.decode()
    assert '<img src="/static/mysite/logo.png" alt="鲜果小铺">' in page


def test_a_blank_logo_is_refused(settings):
    settings.SHOPKIT_LOGO = " "
    with pytest.raises(ImproperlyConfigured, match="SHOPKIT_LOGO"):
        assert app_settings.LOGO
