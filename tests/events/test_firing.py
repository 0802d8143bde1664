"""Events are called through pluggy once the transaction commits: wrappers run
around the implementations, tryfirst/trylast order them, a failing one is
logged without stopping the others, and nothing fires for rolled-back work.
``SHOPKIT_TRACE_PLUGINS=1`` logs every hook call with its duration."""

import logging
import re

import pytest
from django.db import transaction

from shopkit import hookimpl, plugins
from shopkit.core.backends import get_storage

pytestmark = pytest.mark.django_db(transaction=True)


class Listener:
    """A plain implementation that writes its name into a shared log."""

    def __init__(self, name, log):
        self.name, self.log = name, log

    @hookimpl
    def shopkit_order_placed(self, order):
        self.log.append(f"{self.name}:{order}")


class FirstListener(Listener):
    @hookimpl(tryfirst=True)
    def shopkit_order_placed(self, order):
        self.log.append(f"{self.name}:{order}")


class LastListener(Listener):
    @hookimpl(trylast=True)
    def shopkit_order_placed(self, order):
        self.log.append(f"{self.name}:{order}")


class Wrapper(Listener):
    @hookimpl(wrapper=True)
    def shopkit_order_placed(self, order):
        self.log.append(f"{self.name} before")
        result = yield
        self.log.append(f"{self.name} after")
        return result


class OldStyleWrapper(Listener):
    @hookimpl(hookwrapper=True)
    def shopkit_order_placed(self, order):
        self.log.append(f"{self.name} before")
        yield
        self.log.append(f"{self.name} after")


class Broken:
    @hookimpl
    def shopkit_order_placed(self, order):
        raise RuntimeError("listener bug")


class BrokenWrapper:
    @hookimpl(wrapper=True)
    def shopkit_order_placed(self, order):
        yield
        raise RuntimeError("wrapper bug")


def test_wrappers_run_around_the_implementations_in_tryfirst_trylast_order(shopkit_plugin):
    log = []
    shopkit_plugin(LastListener("last", log), name="last")
    shopkit_plugin(Listener("a", log), name="a")
    shopkit_plugin(Wrapper("new-style", log), name="new-style")
    shopkit_plugin(Listener("b", log), name="b")
    shopkit_plugin(FirstListener("first", log), name="first")
    shopkit_plugin(OldStyleWrapper("old-style", log), name="old-style")
    with transaction.atomic():
        plugins.fire_event("shopkit_order_placed", order="o1")
        assert log == []  # not before commit
    assert log == [
        "old-style before",
        "new-style before",
        "first:o1",
        "b:o1",
        "a:o1",
        "last:o1",
        "new-style after",
        "old-style after",
    ]


def test_a_failing_implementation_is_logged_and_the_others_still_run(shopkit_plugin, caplog):
    log = []
    shopkit_plugin(Listener("before", log), name="before")
    shopkit_plugin(Broken(), name="broken")
    shopkit_plugin(Listener("after", log), name="after")
    shopkit_plugin(Wrapper("wrapper", log), name="wrapper")
    with caplog.at_level(logging.ERROR, logger="shopkit.plugins"):
        with transaction.atomic():
            plugins.fire_event("shopkit_order_placed", order="o2")
    # Called last-registered first: "after" before the broken one, "before" after it.
    assert log == ["wrapper before", "after:o2", "before:o2", "wrapper after"]
    [record] = caplog.records
    assert record.getMessage() == "shopkit plugin 'broken' failed handling shopkit_order_placed"
    assert "listener bug" in caplog.text


def test_a_failing_wrapper_is_logged_and_never_reaches_the_caller(shopkit_plugin, caplog):
    log = []
    shopkit_plugin(Listener("plain", log), name="plain")
    shopkit_plugin(BrokenWrapper(), name="broken-wrapper")
    with caplog.at_level(logging.ERROR, logger="shopkit.plugins"):
        with transaction.atomic():
            plugins.fire_event("shopkit_order_placed", order="o3")
    assert log == ["plain:o3"]
    [record] = caplog.records
    assert record.getMessage() == (
        "shopkit plugin 'broken-wrapper' failed handling shopkit_order_placed"
    )
    assert "wrapper bug" in caplog.text


def test_nothing_fires_when_the_transaction_rolls_back(shopkit_plugin):
    log = []
    shopkit_plugin(Wrapper("wrapper", log), name="wrapper")
    shopkit_plugin(Listener("plain", log), name="plain")
    with pytest.raises(ValueError), transaction.atomic():
        plugins.fire_event("shopkit_order_placed", order="o4")
        raise ValueError("rolled back")
    assert log == []


def test_nothing_fires_for_a_rolled_back_savepoint(shopkit_plugin):
    log = []
    shopkit_plugin(Listener("plain", log), name="plain")
    with transaction.atomic():
        with pytest.raises(ValueError), transaction.atomic():
            plugins.fire_event("shopkit_order_placed", order="undone")
            raise ValueError("savepoint rolled back")
        plugins.fire_event("shopkit_order_placed", order="kept")
    assert log == ["plain:kept"]


def test_outside_a_transaction_an_event_fires_at_once(shopkit_plugin):
    log = []
    shopkit_plugin(Listener("plain", log), name="plain")
    plugins.fire_event("shopkit_order_placed", order="o5")
    assert log == ["plain:o5"]


def test_only_event_hooks_with_their_arguments_can_be_fired():
    with pytest.raises(TypeError, match="shopkit_storage is not an event hook"):
        plugins.fire_event("shopkit_storage", purpose="sku_image")
    with pytest.raises(TypeError, match="shopkit_order_placed"):
        plugins.fire_event("shopkit_order_placed", orders=[])


def test_trace_logs_every_hook_call_with_its_duration(rebuilt_plugins, caplog):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(plugins.TRACE_ENV, "1")
        rebuilt_plugins()
    with caplog.at_level(logging.INFO, logger="shopkit.plugins"):
        get_storage("sku_image")
        plugins.fire_event("shopkit_order_placed", order="o6")
    lines = [record.getMessage() for record in caplog.records]
    assert any(
        re.fullmatch(
            r"shopkit_storage\(purpose='sku_image'\) took \d+\.\d{3} ms "
            r"\[shopkit\.default_plugins\.storage\]",
            line,
        )
        for line in lines
    ), lines
    assert any(line.startswith("shopkit_order_placed(order='o6') took ") for line in lines)


def test_without_the_variable_nothing_is_traced(rebuilt_plugins, caplog, monkeypatch):
    monkeypatch.delenv(plugins.TRACE_ENV, raising=False)
    rebuilt_plugins()
    with caplog.at_level(logging.INFO, logger="shopkit.plugins"):
        get_storage("sku_image")
    assert caplog.records == []
