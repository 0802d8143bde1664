"""Contract tests for a plugin's event implementations.

shopkit fires every event with the arguments its hook documents
(``shopkit.hookspecs.events``) and logs, rather than raises, what an
implementation raises, so a broken listener fails silently in production.
This kit calls each event implementation of a plugin as shopkit does, through
pluggy (wrappers and all), with realistic objects saved in the test database
(a shopper, a paid order with a line, its payment, a SKU), and fails on
anything it raises. Subclass :class:`EventsContract` in a pytest test class
(its name must start with ``Test``) and set :attr:`~EventsContract.plugin`::

    from shopkit.testing.events import EventsContract

    class TestMyEvents(EventsContract):
        plugin = "my_plugin"

Each event hook is one test, skipped for events the plugin does not
implement. Override ``make_<argument>()`` (``make_order()`` …) to hand an
implementation objects shaped like your shop's; the tests need pytest-django.
"""

from __future__ import annotations

import functools
import inspect
import logging
import secrets
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils.translation import gettext_noop

from shopkit import hookimpl
from shopkit.hookspecs import events
from shopkit.plugins import get_plugin_manager, load_plugin_object
from shopkit.testing import registered_plugin
from shopkit.testing.contract import Contract


def event_hookspecs() -> dict[str, Callable[..., Any]]:
    """Every event hook specification by name."""
    return {
        name: function
        for name, function in vars(events).items()
        if name.startswith("shopkit_") and hasattr(function, "shopkit_spec")
    }


def implemented_events(plugin: Any) -> list[str]:
    """The event hooks ``plugin`` implements, by the marks of its functions."""
    implemented = set()
    for attribute in dir(plugin):
        options = getattr(getattr(plugin, attribute, None), "shopkit_impl", None)
        if isinstance(options, dict):
            implemented.add(options.get("specname") or attribute)
    return [name for name in event_hookspecs() if name in implemented]


class EventRecorder:
    """A plugin implementing every event hook, recording ``(hook name, arguments)``
    in :attr:`events` when it is called (the ``shopkit_events`` fixture)."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []
        for name, spec in event_hookspecs().items():
            setattr(self, name, self._recorder(name, spec))

    def _recorder(self, name: str, spec: Callable[..., Any]) -> Callable[..., None]:
        argnames = list(inspect.signature(spec).parameters)

        # pluggy reads an implementation's argument names through __wrapped__,
        # so this one takes exactly the specification's arguments.
        @functools.wraps(spec)
        def record(*args: Any) -> None:
            self.events.append((name, dict(zip(argnames, args, strict=True))))

        return hookimpl(record)


class EventsContract(Contract):
    """Every event implementation of :attr:`plugin` takes the documented
    arguments and does not raise."""

    #: The plugin under test: a dotted path to a module or an object in one.
    plugin: str

    # -- the arguments events carry, one method per argument name ----------------

    def make_user(self) -> Any:
        from django.contrib.auth import get_user_model

        digits = "".join(secrets.choice("0123456789") for _ in range(8))
        return get_user_model().objects.create_user(
            username=f"events{digits}", email=f"events{digits}@example.com", password="x"
        )

    def make_sku(self) -> Any:
        from shopkit.goods.models import SKU, SPU, Category

        category = Category.objects.create(name="新鲜水果")
        spu = SPU.objects.create(name="草莓", category=category)
        return SKU.objects.create(
            spu=spu,
            category=category,
            name="新鲜草莓 500g",
            caption="丹东九九草莓",
            price=Decimal("39.90"),
            market_price=Decimal("45.00"),
            stock=10,
        )

    def make_order(self) -> Any:
        from shopkit.orders.models import Order, OrderLine, OrderStatus

        sku = self.argument("instances")[0]
        order = Order.objects.create(
            order_id="9" + "".join(secrets.choice("0123456789") for _ in range(15)),
            user=self.argument("user"),
            status=OrderStatus.PAID,
            receiver="张三",
            receiver_address="北京市朝阳区建国路 1 号",
            receiver_mobile="13900000000",
            total_count=2,
            goods_amount=Decimal("79.80"),
            freight=Decimal("10.00"),
            total_amount=Decimal("89.80"),
            payment_provider="sandbox",
        )
        OrderLine.objects.create(order=order, sku=sku, name=sku.name, price=sku.price, count=2)
        return order

    def make_payment(self) -> Any:
        from shopkit.payments.models import Payment, PaymentStatus

        order = self.argument("order")
        return Payment.objects.create(
            order=order,
            provider="sandbox",
            amount=order.total_amount,
            trade_no=f"T{order.order_id}",
            status=PaymentStatus.PAID,
        )

    def make_line(self) -> Any:
        return self.argument("order").lines.get()

    def make_lines(self) -> list[tuple[int, int]]:
        return [(self.argument("instances")[0].pk, 2)]

    def make_instances(self) -> list[Any]:
        return [self.make_sku()]

    def make_how(self) -> str:
        return "change"

    def make_reason(self) -> str:
        return "cancelled by shopper"

    def make_error(self) -> Any:
        from shopkit.core.codes import ErrorCode
        from shopkit.core.exceptions import ShopkitError

        return ShopkitError(
            ErrorCode.PAYS_REFUND_FAILED, gettext_noop("The provider refused the refund.")
        )

    def make_final(self) -> bool:
        return False

    def argument(self, name: str) -> Any:
        """The value of event argument ``name`` for this test, made once by ``make_<name>()``."""
        make = getattr(self, f"make_{name}", None)
        if make is None:
            raise NotImplementedError(
                f"{type(self).__name__} has no make_{name}() for the event argument {name!r}"
            )
        return self.built_once(f"_event_argument_{name}", make)

    # -- the contract ----------------------------------------------------------------

    @pytest.fixture
    def plugin_under_test(self) -> Iterator[Any]:
        """The plugin under test, registered for the test (pluggy checks its
        implementations' names and arguments against the specifications)."""
        plugin = load_plugin_object(self.plugin)
        if get_plugin_manager().is_registered(plugin):
            yield plugin
            return
        with registered_plugin(plugin, name=self.plugin):
            yield plugin

    def test_implements_at_least_one_event(self, plugin_under_test: Any) -> None:
        implemented = {
            caller.name for caller in get_plugin_manager().get_hookcallers(plugin_under_test)
        }
        assert implemented & set(event_hookspecs()), f"{self.plugin} implements no event hook"

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        # One test per event the plugin implements, rather than a skip for
        # every other event.
        if "hook_name" in metafunc.fixturenames:
            plugin = load_plugin_object(metafunc.cls.plugin)
            metafunc.parametrize("hook_name", implemented_events(plugin))

    @pytest.mark.django_db
    def test_takes_the_documented_arguments_and_does_not_raise(
        self, plugin_under_test: Any, hook_name: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        manager = get_plugin_manager()
        others = [plugin for plugin in manager.get_plugins() if plugin is not plugin_under_test]
        call = manager.subset_hook_caller(hook_name, remove_plugins=others)
        argnames = inspect.signature(event_hookspecs()[hook_name]).parameters
        arguments = {name: self.argument(name) for name in argnames}
        # shopkit logs what an event implementation raises instead of raising it.
        with caplog.at_level(logging.ERROR, logger="shopkit"):
            call(**arguments)
        failures = [
            record.getMessage() + "\n" + logging.Formatter().formatException(record.exc_info)
            for record in caplog.records
            if record.levelno >= logging.ERROR and record.exc_info
        ]
        assert not failures, "\n".join(failures)


__all__ = ["EventRecorder", "EventsContract", "event_hookspecs"]
