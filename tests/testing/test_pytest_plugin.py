"""The author kit's fixtures and markers, as a plugin's test suite uses them."""

import sys
import types

import pytest
from django.db import transaction

import shopkit
import shopkit.testing
from shopkit import hookimpl, plugins
from shopkit.hookspecs.marker import hookspec


@pytest.mark.django_db
def test_shopkit_events_records_events_after_commit_only(
    shopkit_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plugins.fire_event("shopkit_order_placed", order="order-1")
        assert shopkit_events == []  # not before commit
    assert shopkit_events == [("shopkit_order_placed", {"order": "order-1"})]


@pytest.mark.django_db(transaction=True)
def test_shopkit_events_never_records_a_rolled_back_event(shopkit_events):
    with pytest.raises(ValueError), transaction.atomic():
        plugins.fire_event("shopkit_order_cancelled", order="order-2", reason="timeout")
        raise ValueError("rolled back")
    plugins.fire_event("shopkit_order_cancelled", order="order-3", reason="timeout")
    assert shopkit_events == [
        ("shopkit_order_cancelled", {"order": "order-3", "reason": "timeout"})
    ]


def test_the_spec_marker_is_exported_next_to_hookimpl():
    assert shopkit.hookspec is shopkit.testing.hookspec is hookspec


def test_a_plugin_declares_and_implements_hooks_of_its_own(shopkit_plugin, monkeypatch):
    specs = types.ModuleType("loyalty_hookspecs")

    @shopkit.hookspec(firstresult=True)
    def loyalty_points(order):
        """How many points an order earns."""

    specs.loyalty_points = loyalty_points
    monkeypatch.setitem(sys.modules, "loyalty_hookspecs", specs)

    class Loyalty:
        @hookimpl
        def shopkit_addhooks(self, pluginmanager):
            pluginmanager.add_hookspecs(specs)

        @hookimpl
        def loyalty_points(self, order):
            return 7

    shopkit_plugin(Loyalty(), name="loyalty")
    assert plugins.get_plugin_manager().hook.loyalty_points(order="order-1") == 7


def test_rebuilt_plugins_builds_with_the_settings_given(rebuilt_plugins):
    manager = rebuilt_plugins(SHOPKIT_DISABLED_PLUGINS=["shopkit.default_plugins.orders"])
    assert not manager.has_plugin("shopkit.default_plugins.orders")


def test_rebuilt_plugins_restored_the_plugins_after_the_previous_test():
    assert plugins.get_plugin_manager().has_plugin("shopkit.default_plugins.orders")
