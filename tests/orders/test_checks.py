"""What placing orders needs of the host's databases is a system check."""

from django.core import checks
from django.db import connections

from shopkit.orders.checks import check_databases


def test_a_database_that_cannot_return_from_insert_is_an_error(monkeypatch):
    assert check_databases() == []
    features = connections["default"].features
    monkeypatch.setattr(features, "can_return_columns_from_insert", False)
    assert [message.id for message in check_databases()] == ["shopkit.E001"]


def test_the_orders_app_registers_the_database_check():
    assert check_databases in checks.registry.registry.get_checks()
