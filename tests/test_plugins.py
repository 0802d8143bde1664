import logging
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.test import override_settings

from shopkit import hookimpl, plugins
from shopkit.core.backends import get_storage
from tests.fixtures.distributions import installed_distribution

FAKE_SHOP_PLUGIN = """
from django.core.files.storage import FileSystemStorage
from shopkit import hookimpl

STORAGE = FileSystemStorage(location="/tmp/from-entry-point")

@hookimpl
def shopkit_storage(purpose):
    return STORAGE
"""


@pytest.fixture
def fake_shop_plugin(tmp_path):
    """A real distribution created at test time, advertising entry point ``fakeshop``."""
    with installed_distribution(
        tmp_path,
        module="fake_shop_plugin",
        source=FAKE_SHOP_PLUGIN,
        distribution="fake-shop-plugin",
        entry_point="fakeshop",
    ):
        yield "fakeshop"


class SettingsPlugin:
    """Registered through SHOPKIT_PLUGINS as ``tests.test_plugins.SETTINGS_PLUGIN``."""

    storage = FileSystemStorage(location="/tmp/from-settings")

    @hookimpl
    def shopkit_storage(self, purpose):
        return self.storage


SETTINGS_PLUGIN = SettingsPlugin()


class MisspelledPlugin:
    @hookimpl
    def shopkit_storrage(self, purpose):
        return None


MISSPELLED_PLUGIN = MisspelledPlugin()


def test_builtin_default_storage_is_djangos_default_alias(rebuilt_plugins):
    rebuilt_plugins()
    assert get_storage("sku_image").location == FileSystemStorage().location


@override_settings(SHOPKIT_PLUGIN_AUTOLOAD=True)
def test_entry_point_plugin_is_loaded_and_wins_over_builtin(fake_shop_plugin, rebuilt_plugins):
    manager = rebuilt_plugins()
    assert manager.has_plugin(fake_shop_plugin)
    assert get_storage("sku_image").location == "/tmp/from-entry-point"


@override_settings(
    SHOPKIT_PLUGIN_AUTOLOAD=True, SHOPKIT_PLUGINS=["tests.test_plugins.SETTINGS_PLUGIN"]
)
def test_settings_plugin_wins_over_entry_point(fake_shop_plugin, rebuilt_plugins):
    manager = rebuilt_plugins()
    assert manager.has_plugin(fake_shop_plugin)
    assert get_storage("sku_image").location == "/tmp/from-settings"


@override_settings(SHOPKIT_PLUGIN_AUTOLOAD=True, SHOPKIT_DISABLED_PLUGINS=["fakeshop"])
def test_disabled_plugin_name_is_not_loaded(fake_shop_plugin, rebuilt_plugins):
    manager = rebuilt_plugins()
    assert not manager.has_plugin(fake_shop_plugin)
    assert get_storage("sku_image").location != "/tmp/from-entry-point"


@override_settings(SHOPKIT_PLUGIN_AUTOLOAD=False)
def test_autoload_off_loads_no_entry_point(fake_shop_plugin, rebuilt_plugins):
    manager = rebuilt_plugins()
    assert not manager.has_plugin(fake_shop_plugin)


@override_settings(SHOPKIT_PLUGIN_AUTOLOAD=True)
def test_autoload_env_switch_loads_no_entry_point(fake_shop_plugin, rebuilt_plugins, monkeypatch):
    monkeypatch.setenv("SHOPKIT_DISABLE_PLUGIN_AUTOLOAD", "1")
    manager = rebuilt_plugins()
    assert not manager.has_plugin(fake_shop_plugin)


@override_settings(SHOPKIT_PLUGINS=["tests.test_plugins.MISSPELLED_PLUGIN"])
def test_misspelled_hook_raises_improperly_configured_naming_plugin(rebuilt_plugins):
    with pytest.raises(
        ImproperlyConfigured, match="tests.test_plugins.MISSPELLED_PLUGIN.*shopkit_storrage"
    ):
        rebuilt_plugins()


@override_settings(SHOPKIT_PLUGINS=["tests.no_such_module"])
def test_unimportable_settings_plugin_raises_improperly_configured(rebuilt_plugins):
    with pytest.raises(ImproperlyConfigured, match="tests.no_such_module"):
        rebuilt_plugins()


def test_ready_twice_registers_nothing_twice():
    config = apps.get_app_config("shopkit")
    before = plugins.get_plugin_manager().list_name_plugin()
    config.ready()
    config.ready()
    after = plugins.get_plugin_manager().list_name_plugin()
    assert after == before
    assert len({name for name, _ in after}) == len(after)


def test_shopkit_plugin_fixture_registers_for_one_test_only(shopkit_plugin):
    plugin = shopkit_plugin(SettingsPlugin(), name="temporary")
    assert plugins.get_plugin_manager().has_plugin("temporary")
    assert get_storage("x") is plugin.storage


def test_shopkit_plugin_fixture_unregistered_after_previous_test():
    assert not plugins.get_plugin_manager().has_plugin("temporary")


def test_fixture_rejects_misspelled_hook(shopkit_plugin):
    with pytest.raises(ImproperlyConfigured, match="shopkit_storrage"):
        shopkit_plugin(MisspelledPlugin(), name="misspelled")
    assert not plugins.get_plugin_manager().has_plugin("misspelled")


@override_settings(
    SHOPKIT_PLUGIN_AUTOLOAD=True, SHOPKIT_PLUGINS=["tests.test_plugins.SETTINGS_PLUGIN"]
)
def test_plugins_command_lists_distribution_and_call_order(fake_shop_plugin, rebuilt_plugins):
    rebuilt_plugins()
    out = StringIO()
    call_command("shopkit_plugins", stdout=out)
    text = out.getvalue()
    assert "fakeshop  [fake-shop-plugin 0.1]" in text
    assert "shopkit.default_plugins.storage  [shopkit " in text
    assert (
        "shopkit_storage: tests.test_plugins.SETTINGS_PLUGIN -> fakeshop"
        " -> shopkit.default_plugins.storage" in text
    )


class EventRecorder:
    def __init__(self):
        self.orders = []

    @hookimpl
    def shopkit_order_placed(self, order):
        self.orders.append(order)


class BrokenListener:
    @hookimpl
    def shopkit_order_placed(self, order):
        raise RuntimeError("listener bug")


@pytest.mark.django_db(transaction=True)
def test_event_fires_after_commit_and_a_failing_listener_is_logged_not_raised(
    shopkit_plugin, caplog
):
    from django.db import transaction

    recorder = shopkit_plugin(EventRecorder(), name="recorder")
    shopkit_plugin(BrokenListener(), name="broken")
    with caplog.at_level(logging.ERROR, logger="shopkit.plugins"):
        with transaction.atomic():
            plugins.fire_event("shopkit_order_placed", order="order-1")
            assert recorder.orders == []  # not before commit
    assert recorder.orders == ["order-1"]
    assert "broken" in caplog.text and "listener bug" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_event_is_dropped_when_transaction_rolls_back(shopkit_plugin):
    from django.db import transaction

    recorder = shopkit_plugin(EventRecorder(), name="recorder")
    with pytest.raises(ValueError):
        with transaction.atomic():
            plugins.fire_event("shopkit_order_placed", order="order-2")
            raise ValueError("rolled back")
    assert recorder.orders == []


def test_event_with_wrong_arguments_is_a_programming_error():
    with pytest.raises(TypeError, match="shopkit_order_placed"):
        plugins.fire_event("shopkit_order_placed", orders=[])
