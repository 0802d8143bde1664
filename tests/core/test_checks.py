from django.db import connections

from shopkit.core.checks import check_databases


def test_a_database_that_cannot_return_from_insert_is_an_error(monkeypatch):
    assert check_databases() == []
    features = connections["default"].features
    monkeypatch.setattr(features, "can_return_columns_from_insert", False)
    assert [message.id for message in check_databases()] == ["shopkit.E001"]
