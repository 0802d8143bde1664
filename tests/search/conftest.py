import pytest
from haystack import connections


@pytest.fixture
def empty_index(db):
    """The default haystack index, emptied before and after the test (it lives
    on disk for the whole run, outside the database transactions)."""
    backend = connections["default"].get_backend()
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture
def search_catalogue(fruit, empty_index):
    """The ``fruit`` catalogue, indexed."""
    from shopkit.search import get_search_backend

    get_search_backend().rebuild()
    return fruit
