"""The Chinese-language search contract (``shopkit.testing.search_language``)
on both built-in backends."""

from shopkit.search.backends.database import DatabaseSearchBackend
from shopkit.search.backends.haystack import HaystackSearchBackend
from shopkit.testing.search_language import SearchLanguageContract


class TestHaystackWhooshLanguage(SearchLanguageContract):
    def make_backend(self):
        return HaystackSearchBackend("default")


class TestDatabaseLanguage(SearchLanguageContract):
    def make_backend(self):
        return DatabaseSearchBackend()
