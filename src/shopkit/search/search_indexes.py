"""The haystack index of SKUs (found by haystack's autodiscovery).

Only launched SKUs are indexable. The document text is the SKU's name and
caption, its SPU's name and its category's name, so "草莓" finds a SKU named
"新鲜草莓 500g" and "水果" finds everything in 新鲜水果.
"""

from __future__ import annotations

from django.db.models import QuerySet
from haystack import indexes

from shopkit.goods.models import SKU


class SKUIndex(indexes.SearchIndex, indexes.Indexable):
    # One analysed field: every word is cut once (jieba is the cost of indexing).
    text = indexes.CharField(document=True)
    category_id = indexes.IntegerField(model_attr="category_id")

    def get_model(self) -> type[SKU]:
        return SKU

    def index_queryset(self, using: str | None = None) -> QuerySet[SKU]:
        return SKU.objects.launched().select_related("spu", "category")

    def prepare_text(self, sku: SKU) -> str:
        # The name is written twice so its words count twice: SKUs whose name
        # matches rank above those matched by caption or category, and an
        # exact name (the shortest text full of the query) first. A field of
        # its own searched alongside would double the cost of every query.
        parts = (sku.name, sku.name, sku.caption, sku.spu.name, sku.category.name)
        return " ".join(part for part in parts if part)
