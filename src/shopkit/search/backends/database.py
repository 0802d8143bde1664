"""A search backend on the database alone: no search engine, no files.

Each launched SKU has a row of normalised search text
(:class:`~shopkit.search.models.SKUSearchText`: simplified characters,
ASCII for full-width forms, lowercase, no spaces next to Chinese, and the
pinyin of its Chinese words), written by ``update`` and ``rebuild`` like an
index. A query is normalised the same way; every word of it (or one of its
synonyms) must be contained in the SKU's name, caption, SPU name or category
name (a ``LIKE``), or begin one of its pinyin forms. So any run of characters
is found, as in the Whoosh backend's runs of characters. Exact names come
first, then names holding the whole query as a word (as jieba cuts them),
then names containing it, then the best sellers. A
``LIKE '%…%'`` reads every row: it suits small catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Model, Q, Value, When

from shopkit.search.backends.base import ProgressCallback, SearchBackend, SearchPage
from shopkit.search.language import could_be_pinyin, normalise, without_spaces_between_cjk

REBUILD_BATCH_SIZE = 500


def search_text_fields(
    name: str, caption: str, spu_name: str, category_name: str
) -> dict[str, str]:
    """The columns of a SKU's search text row (also used by the migration
    that fills them for SKUs that existed before)."""
    from shopkit.search.whoosh_cn.analyzer import pinyin_of, segments

    parts = [
        without_spaces_between_cjk(normalise(part))
        for part in (name, caption, spu_name, category_name)
    ]
    joined = " ".join(parts)
    forms = dict.fromkeys(form for form, _, _ in pinyin_of(segments(joined, query=False)))
    return {
        "name": parts[0],
        "text": "\n".join(parts),
        "pinyin": "".join(f" {form}" for form in forms),
    }


def name_words(name: str) -> str:
    """The words of a SKU's name as the Whoosh analyzer indexes them (jieba's
    search mode, normalised), each between spaces: " 干 海带 200g 200 g "."""
    from shopkit.search.whoosh_cn.analyzer import segments

    words = dict.fromkeys(word for word, _, _ in segments(normalise(name), query=False))
    return "".join(f" {word}" for word in words) + " " if words else ""


class DatabaseSearchBackend(SearchBackend):
    def search(
        self, query: str, page: int, per_page: int, filters: Mapping[str, Any] | None = None
    ) -> SearchPage:
        from shopkit.goods.models import SKU

        # Every match's id in rank order, then the page's rows: a count and a
        # page would scan the text twice (LIKE cannot seek).
        ranked = self._ranked_ids(query, filters)
        start = (page - 1) * per_page
        page_pks = ranked[start : start + per_page]
        rows = SKU.objects.in_bulk(page_pks)
        objects = [rows[pk] for pk in page_pks]
        return SearchPage(objects=objects, total=len(ranked), page=page, per_page=per_page)

    def matching_ids(self, query: str) -> list[int]:
        return self._ranked_ids(query, None)

    def _ranked_ids(self, query: str, filters: Mapping[str, Any] | None) -> list[int]:
        from shopkit.goods.models import SKU
        from shopkit.search.models import SKUSearchText
        from shopkit.search.synonyms import query_words

        words = query_words(query)
        if not words:
            return []
        matches = reduce(and_, (reduce(or_, map(self._form_matches, forms)) for forms in words))
        # The text table is scanned first and the matches' SKUs looked up by
        # key: joined the other way round, every SKU row would be read.
        matching = SKUSearchText.objects.filter(matches).values("sku_id")
        results = SKU.objects.launched().filter(pk__in=matching, **(filters or {}))
        whole = without_spaces_between_cjk(normalise(query))
        rank = Case(
            When(search_text__name=whole, then=Value(0)),
            # A whole word of the name before the same characters inside
            # other words, as the Whoosh backend ranks them.
            When(search_text__words__contains=f" {whole} ", then=Value(1)),
            When(search_text__name__contains=whole, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
        return list(
            results.annotate(search_rank=rank)
            .order_by("search_rank", "-sales", "id")
            .values_list("pk", flat=True)
        )

    @staticmethod
    def _form_matches(form: str) -> Q:
        found = Q(text__contains=form)
        if could_be_pinyin(form):
            found |= Q(pinyin__contains=f" {form}")
        return found

    def highlight_terms(self, query: str) -> list[str]:
        """The query's words and synonyms, normalised and cut as jieba cuts
        queries, so "新鲜草莓 500g" marks 新鲜, 草莓 and 500g and "蘋果" marks 苹果."""
        from shopkit.search.synonyms import query_words
        from shopkit.search.whoosh_cn.analyzer import segments

        terms = (
            word
            for forms in query_words(query)
            for form in forms
            for word, _, _ in segments(form, query=True)
        )
        return list(dict.fromkeys(terms))

    def update(self, objects: Iterable[Model]) -> None:
        """Write the search text of the launched ones among ``objects`` (as
        stored now) and drop that of the others."""
        from shopkit.goods.models import SKU
        from shopkit.search.models import SKUSearchText

        pks = {instance.pk for instance in objects}
        launched = SKU.objects.launched().filter(pk__in=pks).select_related("spu", "category")
        # Written afresh in two statements, however many SKUs a renamed
        # category brings; in one transaction, so no search sees them gone.
        with transaction.atomic():
            SKUSearchText.objects.filter(sku_id__in=pks).delete()
            SKUSearchText.objects.bulk_create(
                SKUSearchText(sku=sku, **self._fields(sku)) for sku in launched
            )

    def remove(self, objects: Iterable[Model]) -> None:
        from shopkit.search.models import SKUSearchText

        SKUSearchText.objects.filter(sku_id__in=[instance.pk for instance in objects]).delete()

    def rebuild(self, progress: ProgressCallback | None = None) -> int:
        from shopkit.goods.models import SKU
        from shopkit.search.models import SKUSearchText

        SKUSearchText.objects.all().delete()
        launched = SKU.objects.launched().select_related("spu", "category").order_by("pk")
        total, done = launched.count(), 0
        for start in range(0, total, REBUILD_BATCH_SIZE):
            batch = list(launched[start : start + REBUILD_BATCH_SIZE])
            SKUSearchText.objects.bulk_create(
                SKUSearchText(sku=sku, **self._fields(sku)) for sku in batch
            )
            done += len(batch)
            if progress:
                progress(done, total)
        if progress and not total:
            progress(0, 0)
        return done

    @staticmethod
    def _fields(sku: Any) -> dict[str, str]:
        fields = search_text_fields(sku.name, sku.caption, sku.spu.name, sku.category.name)
        return {**fields, "words": name_words(sku.name)}
