"""SHOPKIT_PLUGIN_CONFIG: a plugin's own settings, validated against its schema."""

import dataclasses
import types

import pytest
from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel

from shopkit.core.plugin_checks import check_plugin_config
from shopkit.core.plugin_config import PluginConfig


class SMSSettings(BaseModel):
    api_key: str
    timeout: float = 5.0


@dataclasses.dataclass
class WebhookSettings:
    url: str
    retries: int = 3


SMS = PluginConfig("acme-sms", SMSSettings)
WEBHOOK = PluginConfig("webhook", WebhookSettings)


def test_the_entry_is_validated_into_the_schema_with_its_defaults(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": {"api_key": "k", "timeout": "2.5"}}
    assert SMS.get() == SMSSettings(api_key="k", timeout=2.5)


def test_a_dataclass_schema_works_too(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = {"webhook": {"url": "https://hooks.test/"}}
    assert WEBHOOK.get() == WebhookSettings(url="https://hooks.test/", retries=3)


def test_a_missing_key_names_the_plugin_and_the_key(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = {}
    with pytest.raises(ImproperlyConfigured) as caught:
        SMS.get()
    assert str(caught.value) == (
        "shopkit plugin 'acme-sms' is misconfigured: "
        "SHOPKIT_PLUGIN_CONFIG['acme-sms']['api_key']: Field required."
    )


def test_a_wrong_value_names_the_problem_but_not_the_value(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": {"api_key": "secret-key", "timeout": "soon"}}
    wrong = r"\['timeout'\]: Input should be a valid number"
    with pytest.raises(ImproperlyConfigured, match=wrong) as caught:
        SMS.get()
    assert "soon" not in str(caught.value) and "(got str)" in str(caught.value)


def test_an_unknown_key_is_a_problem_listing_the_known_ones(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": {"api_key": "k", "tmeout": 1}}
    unknown = r"\['tmeout'\]: unknown key \(known: api_key, timeout\)"
    with pytest.raises(ImproperlyConfigured, match=unknown):
        SMS.get()


def test_an_entry_that_is_not_a_dict_is_a_problem(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": "k"}
    with pytest.raises(ImproperlyConfigured, match=r"\['acme-sms'\] must be a dict, not str"):
        SMS.get()


def test_the_setting_itself_must_be_a_dict(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = ["acme-sms"]
    with pytest.raises(ImproperlyConfigured, match="SHOPKIT_PLUGIN_CONFIG must be a dict"):
        SMS.get()


def test_a_changed_setting_is_read_again(settings):
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": {"api_key": "first"}}
    assert SMS.get().api_key == "first"
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": {"api_key": "second"}}
    assert SMS.get().api_key == "second"


def plugin_declaring(config):
    return types.SimpleNamespace(shopkit_config=config)


def test_the_check_reports_each_problem_of_a_registered_plugin(settings, shopkit_plugin):
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": {"timeout": "soon"}}
    shopkit_plugin(plugin_declaring(SMS), name="acme_sms")
    messages = check_plugin_config()
    assert [message.id for message in messages] == ["shopkit.E020", "shopkit.E020"]
    assert messages[0].obj == "acme_sms"
    assert "['api_key']: Field required" in messages[0].msg
    assert "SHOPKIT_PLUGIN_CONFIG['acme-sms']" in messages[0].hint


def test_the_check_is_quiet_for_valid_config_and_unregistered_plugins(settings, shopkit_plugin):
    settings.SHOPKIT_PLUGIN_CONFIG = {"acme-sms": {"api_key": "k"}}
    shopkit_plugin(plugin_declaring(SMS), name="acme_sms")
    assert check_plugin_config() == []  # WEBHOOK is invalid, but no plugin declares it
