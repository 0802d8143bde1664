"""Chinese full-text search for django-haystack's Whoosh backend.

Set the haystack connection's engine; nothing else changes::

    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "shopkit.contrib.whoosh_cn.backend.ChineseWhooshEngine",
            "PATH": BASE_DIR / "whoosh_index",
        }
    }

Text fields then use :func:`shopkit.contrib.whoosh_cn.analyzer.ChineseAnalyzer`
(jieba words, lowercased). The backend module is not imported here because
importing haystack reads ``HAYSTACK_CONNECTIONS``.
"""
