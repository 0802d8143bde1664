"""haystack's Whoosh engine with jieba-segmented text fields."""

from __future__ import annotations

from typing import Any

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT
from whoosh.fields import TEXT, Schema

from shopkit.contrib.whoosh_cn.analyzer import ChineseAnalyzer


class ChineseWhooshSearchBackend(WhooshSearchBackend):
    """Whoosh search whose text fields segment Chinese with jieba.

    A field declared with its own ``analyzer=`` keeps it; every other text
    field (haystack would use an English stemming analyzer) gets
    :func:`~shopkit.contrib.whoosh_cn.analyzer.ChineseAnalyzer`.
    """

    def __init__(self, connection_alias: str, **connection_options: Any) -> None:
        super().__init__(connection_alias, **connection_options)
        self._only_registered_at: int | None = None

    def build_models_list(self) -> list[str]:
        """The models to restrict a search to, or none when the index holds
        only registered models.

        haystack restricts every Whoosh search by running a second, unlimited
        search for the registered content types and filtering by its result:
        that scores every document in the index, on every query (about 5 ms
        per 10,000 documents). When no document of another model is in the
        index (checked once per index generation, from the term list) the
        restriction changes nothing and is left out.
        """
        registered = super().build_models_list()
        generation = self.index.latest_generation()
        if self._only_registered_at != generation:
            with self.index.reader() as reader:
                present = {ct.decode() for ct in reader.lexicon(DJANGO_CT)}
            self._only_registered = present <= set(registered)
            self._only_registered_at = generation
        return [] if self._only_registered else registered

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
