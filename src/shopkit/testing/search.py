"""Contract tests every search backend used by shopkit must pass.

Mix :class:`SearchBackendContractTests` into Django's ``TestCase`` and
implement :meth:`~SearchBackendContractTests.make_backend`::

    from django.test import TestCase
    from shopkit.testing.search import SearchBackendContractTests

    class MySearchTests(SearchBackendContractTests, TestCase):
        def make_backend(self):
            return MySearchBackend(index="test")

Each test builds a small catalogue in its transaction and calls
``rebuild()`` first, so a backend keeping an index outside the database must
let ``rebuild()`` empty it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shopkit.search.backends.base import SearchBackend


class SearchBackendContractTests:
    """Behaviour shopkit relies on from any :class:`SearchBackend`."""

    # unittest.TestCase provides these; declared for type checkers.
    assertEqual: Any
    assertIn: Any
    assertNotIn: Any
    assertTrue: Any

    APPLES = 12

    def make_backend(self) -> SearchBackend:
        """Return the backend under test (called once per test)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement make_backend() to return the backend under test"
        )

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
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
        self.backend = self.make_backend()
        self.backend.rebuild()

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
        self.assertEqual(page.total, len(page.objects))
        return {sku.pk for sku in page.objects}

    def test_rebuild_indexes_every_launched_sku_and_reports_progress(self) -> None:
        calls: list[tuple[int, int]] = []
        indexed = self.backend.rebuild(lambda done, total: calls.append((done, total)))
        launched = 3 + self.APPLES + 1
        self.assertEqual(indexed, launched)
        self.assertEqual(calls[-1], (launched, launched))

    def test_a_chinese_word_inside_a_name_is_found(self) -> None:
        self.assertEqual(self.found("草莓"), {self.strawberry.pk, self.big_strawberry.pk})

    def test_unlaunched_skus_are_not_found(self) -> None:
        self.assertNotIn(self.frozen.pk, self.found("冷冻草莓"))

    def test_chinese_english_and_number_words_combine(self) -> None:
        self.assertEqual(self.found("草莓 500g"), {self.strawberry.pk})
        self.assertEqual(self.found("iphone15"), {self.case.pk})

    def test_an_unknown_word_finds_nothing(self) -> None:
        page = self.backend.search("榴莲", page=1, per_page=10)
        self.assertEqual((page.objects, page.total), ([], 0))

    def test_pages_split_the_results_without_overlap(self) -> None:
        pages = [self.backend.search("红富士", page=n, per_page=5) for n in (1, 2, 3)]
        self.assertEqual([len(page.objects) for page in pages], [5, 5, 2])
        self.assertEqual({page.total for page in pages}, {self.APPLES})
        seen = [sku.pk for page in pages for sku in page.objects]
        self.assertEqual(sorted(seen), sorted(apple.pk for apple in self.apples))
        self.assertEqual(pages[1].page, 2)

    def test_filters_restrict_results_to_a_category(self) -> None:
        self.assertIn(self.cabbage.pk, self.found("苹果"))
        self.assertNotIn(self.cabbage.pk, self.found("苹果", category_id=self.fruit.pk))

    def test_update_indexes_a_new_sku(self) -> None:
        lychee = self.make_sku(self.strawberry.spu, "妃子笑荔枝", "")
        self.backend.update([lychee])
        self.assertEqual(self.found("荔枝"), {lychee.pk})

    def test_update_follows_a_rename(self) -> None:
        self.strawberry.name = "奶油草莓 750g"
        self.strawberry.save()
        self.backend.update([self.strawberry])
        self.assertEqual(self.found("奶油"), {self.strawberry.pk})
        self.assertEqual(self.found("500g"), set())

    def test_update_drops_an_unlaunched_sku(self) -> None:
        self.strawberry.is_launched = False
        self.strawberry.save()
        self.backend.update([self.strawberry])
        self.assertEqual(self.found("草莓"), {self.big_strawberry.pk})

    def test_update_adds_a_relaunched_sku(self) -> None:
        self.frozen.is_launched = True
        self.frozen.save()
        self.backend.update([self.frozen])
        self.assertIn(self.frozen.pk, self.found("冷冻"))

    def test_remove_takes_a_deleted_sku_out(self) -> None:
        from shopkit.goods.models import SKU

        pk = self.strawberry.pk
        self.strawberry.delete()
        self.backend.remove([SKU(pk=pk)])
        self.assertEqual(self.found("草莓"), {self.big_strawberry.pk})

    def test_highlight_terms_are_words_of_the_query(self) -> None:
        terms = self.backend.highlight_terms("新鲜草莓 500g")
        self.assertTrue(terms)
        for term in terms:
            self.assertIn(term.lower(), "新鲜草莓 500g")
