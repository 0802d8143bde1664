"""What goes into the cluster: the index's settings and mappings, and one
document per launched SKU, built as plain data so they can be checked
without a cluster.

The Chinese work is done here, in Python, with the helpers every shopkit
backend shares, so the cluster needs no analysis plugin: a document holds
the SKU's text normalised as the database backend keeps it (simplified
characters, ASCII for full-width forms, lowercase, no spaces next to
Chinese: :func:`~shopkit.search.backends.database.search_text_fields`),
the words jieba cuts it into, and the pinyin and initials of its Chinese
words. The cluster only cuts the text into runs of one to three characters
(its built-in ``ngram`` tokenizer), so a query finds any run of characters
whatever words jieba made of the name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shopkit.contrib.opensearch.config import OpenSearchConfig
from shopkit.search.backends.database import search_text_fields
from shopkit.search.language import GRAM_LENGTH
from shopkit.search.whoosh_cn.analyzer import segments

#: The analyzer of the text fields: runs of one to GRAM_LENGTH characters.
GRAMS = "shopkit_grams"


def index_body(config: OpenSearchConfig) -> dict[str, Any]:
    """The settings and mappings of a new index."""
    grams = {"type": "text", "analyzer": GRAMS, "index_options": "docs"}
    return {
        "settings": {
            "number_of_shards": config.number_of_shards,
            "number_of_replicas": config.number_of_replicas,
            # The ngram tokenizer refuses grams of more than two lengths without it.
            "max_ngram_diff": GRAM_LENGTH - 1,
            "analysis": {
                "tokenizer": {
                    GRAMS: {
                        "type": "ngram",
                        "min_gram": 1,
                        "max_gram": GRAM_LENGTH,
                        # Grams stop at spaces and line breaks: a query word has none.
                        "token_chars": ["letter", "digit", "punctuation", "symbol"],
                    }
                },
                # The text arrives normalised (and lowercased): nothing to filter.
                "analyzer": {GRAMS: {"type": "custom", "tokenizer": GRAMS}},
            },
        },
        "mappings": {
            # A field the code does not know is a mistake, not a new field.
            "dynamic": "strict",
            "properties": {
                "id": {"type": "long"},
                # The whole name, for exact matches; its runs of characters,
                # for names containing the query.
                "name": {"type": "keyword", "fields": {"grams": grams}},
                # Name, caption, SPU name and category name, one a line.
                "text": grams,
                "words": {"type": "keyword"},
                "pinyin": {"type": "keyword"},
                "category_id": {"type": "long"},
                "spu_id": {"type": "long"},
                "price": {"type": "scaled_float", "scaling_factor": 100},
                "sales": {"type": "long"},
            },
        },
    }


def sku_document(sku: Any) -> dict[str, Any]:
    """The document of a SKU (its SPU and category loaded with it)."""
    fields = search_text_fields(sku.name, sku.caption, sku.spu.name, sku.category.name)
    words = (word for word, _, _ in segments(fields["text"], query=False))
    return {
        "id": sku.pk,
        "name": fields["name"],
        "text": fields["text"],
        "words": list(dict.fromkeys(words)),
        "pinyin": fields["pinyin"].split(),
        "category_id": sku.category_id,
        "spu_id": sku.spu_id,
        "price": str(sku.price),  # exact; the cluster reads numbers from strings
        "sales": sku.sales,
    }


def bulk_actions(skus: Iterable[Any], gone: Iterable[int] = ()) -> list[dict[str, Any]]:
    """Bulk actions (``opensearchpy.helpers.bulk``) bringing the index in line
    with ``skus`` as loaded: the launched ones written, the others taken out,
    and the SKUs of the ids ``gone`` (deleted) taken out too."""
    actions = []
    for sku in skus:
        if sku.is_launched:
            actions.append({"_op_type": "index", "_id": str(sku.pk), "_source": sku_document(sku)})
        else:
            actions.append({"_op_type": "delete", "_id": str(sku.pk)})
    actions += [{"_op_type": "delete", "_id": str(pk)} for pk in sorted(gone)]
    return actions
