"""The events contract on shopkit's own event implementations, and on plugins
that break it."""

import pytest

from shopkit import hookimpl
from shopkit.testing.events import EventsContract


class TestCatalogPluginEvents(EventsContract):
    plugin = "shopkit.default_plugins.catalog"


class TestSearchPluginEvents(EventsContract):
    plugin = "shopkit.default_plugins.search"


class TestPaymentsPluginEvents(EventsContract):
    plugin = "shopkit.default_plugins.payments"


class RaisingListener:
    @hookimpl
    def shopkit_order_paid(self, order, payment):
        raise RuntimeError(f"cannot handle {order.order_id}")


RAISING_LISTENER = RaisingListener()


class TestRaisingListenerFailsTheContract(EventsContract):
    plugin = "tests.testing.test_events_contract.RAISING_LISTENER"

    @pytest.mark.django_db
    def test_takes_the_documented_arguments_and_does_not_raise(self, plugin_under_test, caplog):
        with pytest.raises(AssertionError, match="RuntimeError: cannot handle"):
            super().test_takes_the_documented_arguments_and_does_not_raise(
                plugin_under_test, "shopkit_order_paid", caplog
            )
