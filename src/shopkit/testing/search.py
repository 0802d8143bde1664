"""Contract tests every search backend used by shopkit must pass.

Subclass :class:`SearchBackendContract` in a pytest test class (its name
must start with ``Test``) and implement :meth:`~SearchBackendContract.make_backend`::

    from shopkit.testing.search import SearchBackendContract

    class TestMySearch(SearchBackendContract):
        def make_backend(self):
            return MySearchBackend(index="test")

Each test builds a small catalogue in its transaction (pytest-django's
``db``) and calls ``rebuild()`` first, so a backend keeping an index outside
the database must let ``rebuild()`` empty it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from shopkit.search.backends.base import SearchBackend
from shopkit.testing.contract import Contract


class SearchBackendContract(Contract):
    """Behaviour shopkit relies on from any :class:`SearchBackend`."""

    APPLES = 12

    def make_backend(self) -> SearchBackend:
        """Return the backend under test (called once per test)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement make_backend() to return the backend under test"
        )

    @property
    def backend(self) -> SearchBackend:
        """The backend under test, rebuilt over the catalogue on first use."""
        return self.built_once("_contract_backend", self.rebuilt_backend)

    def rebuilt_backend(self) -> SearchBackend:
        backend = self.make_backend()
        backend.rebuild()
        return backend

    @pytest.fixture(autouse=True)
    def catalogue(self, db: None) -> None:
        """Two categories of launched and unlaunched SKUs, in the test's transaction."""
        from shopkit.goods.models import SPU, Category

        self.fruit = Category.objects.create(name="新鲜水果")
        self.vegetables = Category.objects.create(name="新鲜蔬菜")
        berries = SPU.objects.create(name="草莓", category=self.fruit)
        self.strawberry = self.make_sku(berries, "新鲜草莓 500g", "丹东九九草莓")
        self.big_strawberry = self.make_sku(berries, "新鲜草莓 1kg", "丹东九九草莓")
        self.frozen = self.make_sku(berries, "冷冻草莓 1kg", "速冻", is_launched=False)
        self.case = self.make_sku(
            SPU.objects.create(name="手机壳", category=self.fruit), "Apple iPhone15 手机壳", ""
        )
        apples = SPU.objects.create(name="苹果", category=self.fruit)
        self.apples = [
            self.make_sku(apples, f"红富士苹果 {n}号", "脆甜", sales=n) for n in range(self.APPLES)
        ]
        self.cabbage = self.make_sku(
            SPU.objects.create(name="白菜", category=self.vegetables), "有机白菜", "苹果园旁种植"
        )

    def make_sku(self, spu: Any, name: str, caption: str, **extra: Any) -> Any:
        from shopkit.goods.models import SKU

        return SKU.objects.create(
            spu=spu,
            category=spu.category,
            name=name,
            caption=caption,
            price=Decimal("10.00"),
            market_price=Decimal("12.00"),
            stock=10,
            **extra,
        )

    def found(self, query: str, **filters: Any) -> set[Any]:
        page = self.backend.search(query, page=1, per_page=100, filters=filters or None)
        assert page.total == len(page.objects)
        return {sku.pk for sku in page.objects}

    def test_rebuild_indexes_every_launched_sku_and_reports_progress(self) -> None:
        calls: list[tuple[int, int]] = []
        indexed = self.backend.rebuild(lambda done, total: calls.append((done, total)))
        launched = 3 + self.APPLES + 1
        assert indexed == launched
        assert calls[-1] == (launched, launched)

    def test_a_chinese_word_inside_a_name_is_found(self) -> None:
        assert self.found("草莓") == {self.strawberry.pk, self.big_strawberry.pk}

    def test_unlaunched_skus_are_not_found(self) -> None:
        assert self.frozen.pk not in self.found("冷冻草莓")

    def test_chinese_english_and_number_words_combine(self) -> None:
        assert self.found("草莓 500g") == {self.strawberry.pk}
        assert self.found("iphone15") == {self.case.pk}

    def test_an_unknown_word_finds_nothing(self) -> None:
        page = self.backend.search("榴莲", page=1, per_page=10)
        assert (page.objects, page.total) == ([], 0)

    def test_pages_split_the_results_without_overlap(self) -> None:
        pages = [self.backend.search("红富士", page=n, per_page=5) for n in (1, 2, 3)]
        assert [len(page.objects) for page in pages] == [5, 5, 2]
        assert {page.total for page in pages} == {self.APPLES}
        seen = [sku.pk for page in pages for sku in page.objects]
        assert sorted(seen) == sorted(apple.pk for apple in self.apples)
        assert pages[1].page == 2

    def test_filters_restrict_results_to_a_category(self) -> None:
        assert self.cabbage.pk in self.found("苹果")
        assert self.cabbage.pk not in self.found("苹果", category_id=self.fruit.pk)

    def test_update_indexes_a_new_sku(self) -> None:
        lychee = self.make_sku(self.strawberry.spu, "妃子笑荔枝", "")
        self.backend.update([lychee])
        assert self.found("荔枝") == {lychee.pk}

    def test_update_follows_a_rename(self) -> None:
        self.strawberry.name = "奶油草莓 750g"
        self.strawberry.save()
        self.backend.update([self.strawberry])
        assert self.found("奶油") == {self.strawberry.pk}
        assert self.found("500g") == set()

    def test_update_drops_an_unlaunched_sku(self) -> None:
        self.strawberry.is_launched = False
        self.strawberry.save()
        self.backend.update([self.strawberry])
        assert self.found("草莓") == {self.big_strawberry.pk}

    def test_update_adds_a_relaunched_sku(self) -> None:
        self.frozen.is_launched = True
        self.frozen.save()
        self.backend.update([self.frozen])
        assert self.frozen.pk in self.found("冷冻")

    def test_remove_takes_a_deleted_sku_out(self) -> None:
        from shopkit.goods.models import SKU

        pk = self.strawberry.pk
        self.strawberry.delete()
        self.backend.remove([SKU(pk=pk)])
        assert self.found("草莓") == {self.big_strawberry.pk}

    def test_highlight_terms_are_words_of_the_query(self) -> None:
        terms = self.backend.highlight_terms("新鲜草莓 500g")
        assert terms
        for term in terms:
            assert term.lower() in "新鲜草莓 500g"

    def test_matching_ids_are_every_match_in_the_order_of_the_pages(self) -> None:
        pages = [self.backend.search("红富士", page=n, per_page=5) for n in (1, 2, 3)]
        assert self.backend.matching_ids("红富士") == [
            sku.pk for page in pages for sku in page.objects
        ]
        assert self.backend.matching_ids("榴莲") == []

    def priced(self) -> None:
        """Apples at 10.00 to 120.00 (ten apart), the cabbage at 3.50."""
        from shopkit.goods.models import SKU

        for n, apple in enumerate(self.apples):
            SKU.objects.filter(pk=apple.pk).update(price=Decimal(10 * (n + 1)))
        SKU.objects.filter(pk=self.cabbage.pk).update(price=Decimal("3.50"))

    def test_facets_count_every_match_by_category_and_price(self) -> None:
        from shopkit.search.facets import SearchFilters, narrow

        self.priced()
        kept, facets = narrow(self.backend.matching_ids("苹果"), SearchFilters())
        assert len(kept) == self.APPLES + 1
        assert facets["categories"] == [
            {"id": self.fruit.pk, "name": "新鲜水果", "count": self.APPLES},
            {"id": self.vegetables.pk, "name": "新鲜蔬菜", "count": 1},
        ]
        # Both ends included: 50.00 is in 0–50 and in 50–100, as either link finds it.
        assert facets["prices"] == [
            {"min": "0.00", "max": "50.00", "count": 6},
            {"min": "50.00", "max": "100.00", "count": 6},
            {"min": "100.00", "max": "200.00", "count": 3},
        ]

    def test_filters_narrow_the_results_and_the_other_facets_counts(self) -> None:
        from shopkit.search.facets import SearchFilters, narrow

        self.priced()
        ids = self.backend.matching_ids("苹果")
        filters = SearchFilters(price_min=Decimal("0"), price_max=Decimal("20"))
        kept, facets = narrow(ids, filters)
        assert set(kept) == {self.apples[0].pk, self.apples[1].pk, self.cabbage.pk}
        assert [(row["id"], row["count"]) for row in facets["categories"]] == [
            (self.fruit.pk, 2),
            (self.vegetables.pk, 1),
        ]
        kept, facets = narrow(ids, SearchFilters(category=self.vegetables.pk))
        assert kept == [self.cabbage.pk]
        assert facets["prices"] == [{"min": "0.00", "max": "50.00", "count": 1}]
        assert len(facets["categories"]) == 2  # the category counts ignore the category chosen
