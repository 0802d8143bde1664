"""SMS codes and the console provider."""

import io
import time

import pytest

from shopkit import hookimpl
from shopkit.accounts.sms.codes import consume_sms_code, send_sms_code
from shopkit.accounts.sms.console import ConsoleSMSProvider
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.testing.sms import SMSProviderContract
from tests.fixtures.accounts import last_sms_code


class TestConsoleProvider(SMSProviderContract):
    provider_class = ConsoleSMSProvider

    @pytest.fixture(autouse=True)
    def stream(self):
        self.buffer = io.StringIO()

    def provider_options(self):
        return {"stream": self.buffer}

    def delivered(self):
        messages = []
        for line in self.buffer.getvalue().splitlines():
            head, _, values = line.partition("]: ")
            phone, _, template = head.removeprefix("SMS to ").partition(" [template ")
            messages.append((phone, template, [kv.split("=", 1)[1] for kv in values.split()]))
        return messages


def test_code_is_consumed_on_use(sms_outbox):
    send_sms_code("13912345678")
    code = last_sms_code(sms_outbox, "13912345678")
    assert not consume_sms_code("13912345679", code)
    assert consume_sms_code("13912345678", code)
    assert not consume_sms_code("13912345678", code)


def test_code_expires(sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_TIMEOUT = 1
    send_sms_code("13912345678")
    code = last_sms_code(sms_outbox, "13912345678")
    time.sleep(1.2)
    assert not consume_sms_code("13912345678", code)


def test_too_many_wrong_guesses_throw_the_code_away(sms_outbox, settings):
    settings.SHOPKIT_CODE_MAX_ATTEMPTS = 2
    send_sms_code("13912345678")
    code = last_sms_code(sms_outbox, "13912345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert not consume_sms_code("13912345678", wrong)
    assert not consume_sms_code("13912345678", wrong)
    assert not consume_sms_code("13912345678", code)


def test_interval_allows_a_new_code_after_it_passes(sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_INTERVAL = 1
    send_sms_code("13912345678")
    with pytest.raises(ShopkitError) as error:
        send_sms_code("13912345678")
    assert error.value.code == ErrorCode.USERS_CODE_TOO_FREQUENT
    time.sleep(1.2)
    send_sms_code("13912345678")


class BrokenProvider(ConsoleSMSProvider):
    def send(self, phone, template, params):
        raise ConnectionError("gateway down")


def test_failed_send_is_reported_and_does_not_block_a_retry(settings, caplog):
    settings.SHOPKIT_SMS_PROVIDERS = {
        "broken": {"BACKEND": "tests.accounts.test_sms.BrokenProvider"},
    }
    for _ in range(2):
        with pytest.raises(ShopkitError) as error:
            send_sms_code("13912345678")
        assert error.value.code == ErrorCode.USERS_SMS_UNAVAILABLE
    assert "gateway down" in caplog.text


def test_the_named_code_provider_is_used(settings):
    quiet, loud = io.StringIO(), io.StringIO()
    backend = "shopkit.accounts.sms.console.ConsoleSMSProvider"
    settings.SHOPKIT_SMS_PROVIDERS = {
        "quiet": {"BACKEND": backend, "OPTIONS": {"stream": quiet}},
        "loud": {"BACKEND": backend, "OPTIONS": {"stream": loud}},
    }
    settings.SHOPKIT_SMS_CODE_PROVIDER = "loud"
    send_sms_code("13912345678")
    assert not quiet.getvalue() and "13912345678" in loud.getvalue()


class LoudSMSPlugin:
    """A plugin adding an SMS provider of its own (called before the default plugin)."""

    def __init__(self, stream):
        self.stream = stream

    @hookimpl
    def shopkit_sms_providers(self):
        return [ConsoleSMSProvider(name="plugin-sms", stream=self.stream)]


def test_codes_go_through_the_hosts_provider_before_a_plugins(settings, shopkit_plugin):
    hosts, plugins = io.StringIO(), io.StringIO()
    backend = "shopkit.accounts.sms.console.ConsoleSMSProvider"
    settings.SHOPKIT_SMS_PROVIDERS = {"mine": {"BACKEND": backend, "OPTIONS": {"stream": hosts}}}
    settings.SHOPKIT_SMS_CODE_PROVIDER = None
    shopkit_plugin(LoudSMSPlugin(plugins))
    send_sms_code("13912345678")
    assert "13912345678" in hosts.getvalue() and not plugins.getvalue()
