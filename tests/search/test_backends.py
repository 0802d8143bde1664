"""The search contract on both built-in backends, and how the default plugin picks one."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from shopkit import hookimpl
from shopkit.search import get_search_backend
from shopkit.search.backends.database import DatabaseSearchBackend
from shopkit.search.backends.haystack import HaystackSearchBackend
from shopkit.testing.search import SearchBackendContract


class TestHaystackWhooshContract(SearchBackendContract):
    def make_backend(self):
        return HaystackSearchBackend("default")


class TestDatabaseContract(SearchBackendContract):
    def make_backend(self):
        return DatabaseSearchBackend()


def test_the_default_backend_is_the_haystack_connection(settings):
    settings.SHOPKIT_SEARCH_CONNECTION = "other"
    backend = get_search_backend()
    assert isinstance(backend, HaystackSearchBackend)
    assert backend.connection_alias == "other"


def test_the_setting_selects_the_database_backend(settings):
    settings.SHOPKIT_SEARCH_BACKEND = "database"
    assert isinstance(get_search_backend(), DatabaseSearchBackend)


def test_an_unknown_backend_name_is_a_configuration_error(settings):
    settings.SHOPKIT_SEARCH_BACKEND = "solr"
    with pytest.raises(ImproperlyConfigured, match="haystack, database"):
        get_search_backend()


def test_a_plugin_overrides_the_setting(shopkit_plugin):
    chosen = DatabaseSearchBackend()

    class Plugin:
        @hookimpl
        def shopkit_search_backend(self):
            return chosen

    shopkit_plugin(Plugin(), name="test-search")
    assert get_search_backend() is chosen
