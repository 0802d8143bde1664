"""Issue 16.1 on both built-in backends: a query that is a whole word of a
name ranks above the same characters inside other words, and a SKU is found
by its SPU's name or its caption alone."""

from decimal import Decimal

import pytest

from shopkit.search.backends.database import DatabaseSearchBackend
from shopkit.search.backends.haystack import HaystackSearchBackend

BACKENDS = {
    "whoosh": lambda: HaystackSearchBackend("default"),
    "database": DatabaseSearchBackend,
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, db):
    from shopkit.goods.models import SKU, SPU, Category

    dried = Category.objects.create(name="干货")
    meat = Category.objects.create(name="猪肉")
    rows = [
        # 上海带鱼 (上海/带鱼) holds 海带 only across two words, and sells better.
        (dried, "带鱼", "上海带鱼 200g", "", 900),
        (dried, "海带", "干海带 200g", "", 100),
        (meat, "排骨", "猪肋排 1kg", "黑猪散养", 500),
    ]
    for category, spu_name, name, caption, sales in rows:
        SKU.objects.create(
            spu=SPU.objects.create(name=spu_name, category=category),
            category=category,
            name=name,
            caption=caption,
            price=Decimal("9.90"),
            market_price=Decimal("9.90"),
            stock=5,
            sales=sales,
        )
    search_backend = BACKENDS[request.param]()
    search_backend.rebuild()
    return search_backend


def ranked(backend, query):
    return [sku.name for sku in backend.search(query, page=1, per_page=10).objects]


def test_a_whole_word_ranks_above_the_same_characters_inside_other_words(backend):
    assert ranked(backend, "海带") == ["干海带 200g", "上海带鱼 200g"]


def test_a_whole_word_ranks_first_after_an_update_too(backend):
    from shopkit.goods.models import SKU

    sku = SKU.objects.get(name="干海带 200g")
    sku.name = "海带结 200g"  # 海带/结: still the whole word
    sku.save()
    backend.update([sku])
    assert ranked(backend, "海带") == ["海带结 200g", "上海带鱼 200g"]


@pytest.mark.parametrize("query", ["排骨", "paigu", "散养"])
def test_the_spu_name_or_the_caption_alone_finds_a_sku(backend, query):
    assert ranked(backend, query) == ["猪肋排 1kg"]
