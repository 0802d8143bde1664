"""Chinese full-text search for django-haystack's Whoosh backend: shopkit's
default search engine (``shopkit.wiring`` points the default
``HAYSTACK_CONNECTIONS`` at it when a project sets none).

Naming it yourself is setting the haystack connection's engine; nothing else
changes::

    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine",
            "PATH": BASE_DIR / "whoosh_index",
        }
    }

Text fields then use :func:`shopkit.search.whoosh_cn.analyzer.ChineseAnalyzer`
(jieba words, lowercased). The backend module is not imported here because
importing haystack reads ``HAYSTACK_CONNECTIONS``.
"""
