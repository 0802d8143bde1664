"""The Ronglian provider against a local server that checks signatures as Ronglian does."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from shopkit.accounts.checks import check_plugin_providers
from shopkit.accounts.sms.registry import get_sms_providers
from shopkit.contrib.yuntongxun.provider import YuntongxunSMSProvider, authorization, signature
from shopkit.core.exceptions import ShopkitError
from shopkit.testing.sms import SMSProviderContract
from tests.contrib.ronglian_server import RonglianServer

SID, TOKEN, APP = "8aaf0708a0b1c2d3", "f00dfeedf00dfeedf00dfeedf00dfeed", "8a216da8app"


@pytest.fixture(scope="module")
def ronglian():
    fake = RonglianServer(SID, TOKEN, APP)
    server, url = fake.serve()
    yield fake, url
    server.shutdown()


class TestYuntongxunProvider(SMSProviderContract):
    provider_class = YuntongxunSMSProvider
    plugin = "shopkit.contrib.yuntongxun"
    provider_name = "yuntongxun"

    @pytest.fixture(autouse=True)
    def server(self, ronglian):
        self.fake, self.url = ronglian

    def provider_options(self):
        return {"account_sid": SID, "auth_token": TOKEN, "app_id": APP, "base_url": self.url}

    def failing_provider_options(self):
        return {**self.provider_options(), "auth_token": "wrong-token"}

    def delivered(self):
        return [(m.phone, m.template, m.values) for m in self.fake.messages]


def test_signature_and_header_follow_the_documented_recipe():
    assert signature("sid", "token", "20240102030405") == "A1E81CC5B3563201E15E5E14E90BB039"
    assert authorization("sid", "20240102030405") == "c2lkOjIwMjQwMTAyMDMwNDA1"


def test_wrong_token_is_rejected_by_the_server_for_its_signature(ronglian):
    fake, url = ronglian
    provider = YuntongxunSMSProvider(
        "r", account_sid=SID, auth_token="bad", app_id=APP, base_url=url
    )
    with pytest.raises(ShopkitError):
        provider.send("13912345678", "1", {"code": "1"})
    assert fake.rejected[-1] == "111103"


def test_unreachable_server_is_an_sms_error():
    provider = YuntongxunSMSProvider(
        "r", account_sid=SID, auth_token=TOKEN, app_id=APP, base_url="http://127.0.0.1:9", timeout=2
    )
    with pytest.raises(ShopkitError):
        provider.send("13912345678", "1", {"code": "1"})


@pytest.mark.parametrize("missing", ["account_sid", "auth_token", "app_id"])
def test_a_missing_credential_names_setting_and_key(missing):
    options = {"account_sid": SID, "auth_token": TOKEN, "app_id": APP, missing: ""}
    with pytest.raises(
        ImproperlyConfigured,
        match=rf"needs '{missing}' in SHOPKIT_SMS_PROVIDERS\['yuntongxun'\]\['OPTIONS'\]",
    ):
        YuntongxunSMSProvider("yuntongxun", **options)


def test_the_entry_without_the_plugin_is_a_check_error_and_no_provider(settings):
    options = {"account_sid": SID, "auth_token": TOKEN, "app_id": APP}
    settings.SHOPKIT_SMS_PROVIDERS = {"yuntongxun": {"OPTIONS": options}}
    assert get_sms_providers() == {}
    [error] = check_plugin_providers()
    assert error.id == "shopkit.E014" and '"shopkit.contrib.yuntongxun"' in error.hint
