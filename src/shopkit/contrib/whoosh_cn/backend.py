"""haystack's Whoosh engine with jieba-segmented text fields."""

from __future__ import annotations

from typing import Any

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import TEXT, Schema

from shopkit.contrib.whoosh_cn.analyzer import ChineseAnalyzer


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    """Whoosh search whose text fields segment Chinese with jieba.

    A field declared with its own ``analyzer=`` keeps it; every other text
    field (haystack would use an English stemming analyzer) gets
    :func:`~shopkit.contrib.whoosh_cn.analyzer.ChineseAnalyzer`.
    """

    def build_schema(self, fields: dict[str, Any]) -> tuple[str, Schema]:
        content_field_name, schema = super().build_schema(fields)
        analyzer = ChineseAnalyzer()
        for field_class in fields.values():
            whoosh_field = schema[field_class.index_fieldname]
            if field_class.analyzer is None and isinstance(whoosh_field, TEXT):
                whoosh_field.analyzer = analyzer
        return content_field_name, schema


class ChineseWhooshEngine(WhooshEngine):
    backend = ChineseWhooshSearchBackend
