from shopkit import hookimpl
from shopkit.conf import app_settings
from shopkit.search.backends.haystack import HaystackSearchBackend


@hookimpl(trylast=True)
def shopkit_search_backend() -> HaystackSearchBackend:
    return HaystackSearchBackend(app_settings.SEARCH_CONNECTION)
