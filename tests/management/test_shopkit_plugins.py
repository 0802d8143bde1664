"""``manage.py shopkit_plugins``: every plugin with where it came from, and which
plugin answers each seam, purpose and provider name now."""

import json
from io import StringIO

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command

from shopkit import hookimpl
from shopkit.accounts.sms.console import ConsoleSMSProvider
from shopkit.core.backends import CACHE_PURPOSES, STORAGE_PURPOSES
from tests.fixtures.distributions import installed_distribution

BANNER_PLUGIN = """
from django.core.files.storage import FileSystemStorage
from shopkit import hookimpl

STORAGE = FileSystemStorage(location="/tmp/banners-from-entry-point")

@hookimpl
def shopkit_storage(purpose):
    return STORAGE if purpose == "banner" else None
"""


class ExtraSMS:
    @hookimpl
    def shopkit_sms_providers(self):
        return [ConsoleSMSProvider(name="console"), ConsoleSMSProvider(name="extra")]


SETTINGS_PLUGIN = ExtraSMS()


class TemporaryStorage:
    @hookimpl
    def shopkit_storage(self, purpose):
        return FileSystemStorage(location="/tmp/temporary") if purpose == "sku_image" else None


def plugins_report(*args):
    out = StringIO()
    call_command("shopkit_plugins", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def three_kinds_of_plugin(tmp_path, rebuilt_plugins, shopkit_plugin):
    """A plugin from an entry point, one from SHOPKIT_PLUGINS, one registered at run time."""
    with installed_distribution(
        tmp_path,
        module="banner_plugin",
        source=BANNER_PLUGIN,
        distribution="banner-plugin",
        entry_point="banners",
    ):
        rebuilt_plugins(
            SHOPKIT_PLUGIN_AUTOLOAD=True,
            SHOPKIT_PLUGINS=["tests.management.test_shopkit_plugins.SETTINGS_PLUGIN"],
        )
        shopkit_plugin(TemporaryStorage(), name="temporary")
        yield


def test_json_names_each_plugins_origin_and_who_answers_every_purpose(three_kinds_of_plugin):
    report = json.loads(plugins_report("--json"))
    origins = {plugin["name"]: plugin["origin"] for plugin in report["plugins"]}
    assert origins["shopkit.default_plugins.storage"] == "built-in default"
    assert origins["banners"] == "entry point of banner-plugin 0.1"
    assert origins["tests.management.test_shopkit_plugins.SETTINGS_PLUGIN"] == "SHOPKIT_PLUGINS"
    assert origins["temporary"] == "registered at run time"
    assert [plugin["name"] for plugin in report["plugins"]][0] == "temporary"

    storage = report["answers"]["storage"]
    assert list(storage) == list(STORAGE_PURPOSES)
    assert storage["sku_image"] == {"plugin": "temporary", "class": "FileSystemStorage"}
    assert storage["banner"]["plugin"] == "banners"
    assert storage["brand_logo"]["plugin"] == "shopkit.default_plugins.storage"
    assert list(report["answers"]["cache"]) == list(CACHE_PURPOSES)
    assert report["answers"]["search backend"]["search"]["plugin"] == (
        "shopkit.default_plugins.search"
    )
    carts = report["answers"]["cart store"]
    assert carts["logged-in shopper"]["plugin"] == "shopkit.default_plugins.cart"
    assert carts["anonymous shopper"] == {
        "plugin": "shopkit.default_plugins.cart",
        "class": "SignedCookieCartStore",
    }


def test_providers_name_the_supplying_plugin_what_it_hides_and_the_default(three_kinds_of_plugin):
    sms = json.loads(plugins_report("--json"))["providers"]["SMS"]
    settings_plugin = "tests.management.test_shopkit_plugins.SETTINGS_PLUGIN"
    assert sms["default"] == "console"
    assert sms["providers"]["console"] == {
        "plugin": settings_plugin,
        "class": "ConsoleSMSProvider",
        "hidden": ["shopkit.default_plugins.providers"],
    }
    assert sms["providers"]["extra"]["plugin"] == settings_plugin


def test_text_shows_origins_distributions_call_order_and_answers(three_kinds_of_plugin):
    text = plugins_report()
    assert "  banners  [banner-plugin 0.1]\n      from: entry point of banner-plugin 0.1" in text
    assert "shopkit_storage: temporary -> banners -> shopkit.default_plugins.storage" in text
    assert "    banner: banners (FileSystemStorage)" in text
    assert "  SMS, default 'console':" in text
    assert "    console: tests.management.test_shopkit_plugins.SETTINGS_PLUGIN" in text
    assert "(hides shopkit.default_plugins.providers)" in text


def test_names_limit_the_plugin_list():
    report = json.loads(plugins_report("shopkit.default_plugins.cart", "--json"))
    assert [plugin["name"] for plugin in report["plugins"]] == ["shopkit.default_plugins.cart"]
    assert report["plugins"][0]["hooks"] == ["shopkit_cart_store"]


def test_an_unknown_plugin_name_or_option_is_a_command_error():
    with pytest.raises(CommandError, match="No shopkit plugin named 'nope'"):
        plugins_report("nope")
    with pytest.raises(CommandError):
        plugins_report("--no-such-option")
