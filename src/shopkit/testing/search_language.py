"""Contract tests for what shoppers type in Chinese, on any search backend:
single characters, words jieba cuts differently, pinyin, traditional
characters, full-width forms and synonyms.

Subclass :class:`SearchLanguageContract` in a pytest test class (its name
must start with ``Test``) and implement ``make_backend``, as for
:class:`shopkit.testing.search.SearchBackendContract`::

    from shopkit.testing.search_language import SearchLanguageContract

    class TestMySearchLanguage(SearchLanguageContract):
        def make_backend(self):
            return MySearchBackend()

Each test builds a catalogue of about fifty fresh-food SKUs in its
transaction (pytest-django's ``db``) and calls ``rebuild()``. What a query
should find is worked out from the catalogue, not written down: every
launched SKU whose name, caption, SPU name or category name contains one of
the words the shopper means, ignoring spaces, case, full-width forms and
traditional characters. ``python tests/search/recall_table.py`` (in
shopkit's repository) prints how much of it each built-in backend finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from shopkit.search.backends.base import SearchBackend
from shopkit.testing.contract import Contract

#: category → SPU → [(SKU name, caption, launched)]
CATALOGUE: dict[str, dict[str, list[tuple[str, str, bool]]]] = {
    "海鲜水产": {
        "大青虾": [("青岛大青虾 500g", "鲜活速发", True)],
        "虾仁": [("冷冻虾仁 250g", "去壳去线", True)],
        "小龙虾": [("麻辣小龙虾 1.5kg", "盱眙口味", True)],
        "基围虾": [("鲜活基围虾", "个大饱满", True)],
        "三文鱼": [("挪威三文鱼 刺身 300g", "冰鲜空运", True)],
        "带鱼": [("舟山带鱼段 1kg", "东海野生", True)],
        "鲈鱼": [("清蒸鲈鱼 一条", "现杀现发", True)],
        "鳕鱼": [("银鳕鱼切片", "深海捕捞", True)],
        "鱿鱼": [("铁板鱿鱼须 400g", "火锅烧烤", True)],
        "大闸蟹": [("阳澄湖大闸蟹 礼盒装", "公4两母3两", True)],
    },
    "禽类": {
        "烤鸭": [("北京烤鸭 整只", "果木烤制", True), ("烤鸭", "", True)],
        "鸭脖": [("武汉卤鸭脖 200g", "香辣入味", True)],
        "盐水鸭": [("南京盐水鸭", "金陵特产", True)],
        "三黄鸡": [("三黄鸡 整鸡", "散养180天", True)],
    },
    "蛋类": {
        "鸡蛋": [("农家土鸡蛋 30枚", "散养", True), ("有机鸡蛋 12枚", "", True)],
        "鸭蛋": [("高邮咸鸭蛋 6个装", "流油起沙", True)],
        "皮蛋": [("松花皮蛋 10枚", "", True)],
        "鹌鹑蛋": [("鹌鹑蛋 50枚", "", True)],
    },
    "猪肉": {
        "五花肉": [("黑猪五花肉 500g", "肥瘦相间", True)],
        "排骨": [("猪肋排 1kg", "", True)],
        "猪蹄": [("卤猪蹄 2只", "", True)],
    },
    "牛肉": {
        "牛排": [("澳洲西冷牛排 200g", "谷饲", True)],
        "牛腱": [("内蒙古牛腱子 1kg", "", True)],
        "肥牛": [("火锅肥牛卷 500g", "", True)],
    },
    "乳品": {
        "牛奶": [("纯牛奶 250ml×12盒", "", True)],
        "酸奶": [("原味酸奶 100g×8杯", "", True)],
    },
    "新鲜水果": {
        "草莓": [
            ("丹东九九草莓 500g", "酸甜多汁", True),
            ("奶油草莓 礼盒装", "", True),
            ("冷冻草莓 1kg", "速冻", False),
        ],
        "苹果": [("烟台红富士苹果 5斤装", "脆甜", True), ("阿克苏冰糖心苹果", "", True)],
        "樱桃": [("山东大樱桃 1kg", "", True)],
        "车厘子": [("智利车厘子 JJ级 2.5kg", "", True)],
        "菠萝": [("海南金钻菠萝 2个", "", True)],
        "凤梨": [("台湾凤梨 2个装", "", True)],
        "牛油果": [("墨西哥牛油果 4个", "", True)],
        "蓝莓": [("云南蓝莓 125g", "", True)],
        "芒果": [("海南贵妃芒果", "", True)],
    },
    "速冻面点": {
        "水饺": [("湾仔码头 猪肉水饺", "玉米馅", True)],
        "饺子": [("手工虾仁饺子 500g", "", True), ("冷冻虾饺", "", False)],
        "鱼丸": [("潮汕火锅鱼丸", "", True)],
    },
    "糕点": {
        "鳳梨酥": [("台灣鳳梨酥 禮盒", "傳統手工", True)],
    },
    "新鲜蔬菜": {
        "西红柿": [("有机西红柿 500g", "", True)],
        "番茄": [("樱桃番茄 250g", "", True)],
        "土豆": [("东北土豆 5斤", "", True)],
        "马铃薯": [("黄心马铃薯", "", True)],
        "白菜": [("有机白菜", "", True)],
    },
}


@dataclass(frozen=True)
class Query:
    """A query, what kind of input it is, and the words the shopper means by it
    (the query itself unless said otherwise)."""

    text: str
    kind: str
    means: tuple[str, ...] = ()

    @property
    def meant(self) -> tuple[str, ...]:
        return self.means or (self.text,)


QUERIES = [
    *(Query(char, "single character") for char in "虾蛋鸭牛鱼肉"),
    *(
        Query(word, "word")
        for word in ["草莓", "苹果", "小龙虾", "龙虾", "青虾", "虾仁", "鸭蛋", "咸鸭蛋", "烤鸭"]
    ),
    *(Query(word, "word") for word in ["牛排", "三文鱼", "五花肉", "鸡蛋", "土鸡蛋", "奶油草莓"]),
    Query("草莓 500g", "spaces, case, width"),
    Query("冷冻 虾仁", "spaces, case, width"),
    Query("ＪＪ级", "spaces, case, width"),
    Query("Jj级", "spaces, case, width"),
    Query("caomei", "pinyin", means=("草莓",)),
    Query("cm", "pinyin", means=("草莓",)),
    Query("caom", "pinyin", means=("草莓",)),
    Query("pingguo", "pinyin", means=("苹果",)),
    Query("xiaolongxia", "pinyin", means=("小龙虾",)),
    Query("xlx", "pinyin", means=("小龙虾",)),
    Query("niupai", "pinyin", means=("牛排",)),
    Query("蘋果", "traditional", means=("苹果",)),
    Query("鳳梨", "traditional and synonym", means=("凤梨", "菠萝")),
    Query("雞蛋", "traditional", means=("鸡蛋",)),
    Query("蝦仁", "traditional", means=("虾仁",)),
    Query("凤梨酥", "traditional", means=("凤梨酥",)),
    Query("樱桃", "synonym", means=("樱桃", "车厘子")),
    Query("车厘子", "synonym", means=("樱桃", "车厘子")),
    Query("菠萝", "synonym", means=("菠萝", "凤梨")),
    Query("饺子", "synonym", means=("饺子", "水饺")),
    Query("水饺", "synonym", means=("饺子", "水饺")),
    Query("西红柿", "synonym", means=("西红柿", "番茄")),
    Query("马铃薯", "synonym", means=("土豆", "马铃薯")),
]


def folded(text: str) -> str:
    """Text as the expectations compare it: no spaces, ASCII for full-width
    forms, lowercase, simplified characters."""
    import opencc

    half_width = "".join(
        chr(ord(char) - 0xFEE0) if 0xFF01 <= ord(char) <= 0xFF5E else char for char in text
    )
    return opencc.OpenCC("t2s").convert("".join(half_width.split()).lower())


def build_catalogue() -> dict[str, object]:
    """Create the catalogue; returns the SKUs by name."""
    from shopkit.goods.models import SKU, SPU, Category

    skus = {}
    for order, (category_name, spus) in enumerate(CATALOGUE.items()):
        category = Category.objects.create(name=category_name, sort_order=order)
        for spu_name, rows in spus.items():
            spu = SPU.objects.create(name=spu_name, category=category)
            for name, caption, launched in rows:
                skus[name] = SKU.objects.create(
                    spu=spu,
                    category=category,
                    name=name,
                    caption=caption,
                    price=Decimal("19.90"),
                    market_price=Decimal("29.90"),
                    stock=50,
                    sales=1000 - len(skus),  # the first ones sell best
                    is_launched=launched,
                )
    return skus


def expected_names(query: Query) -> set[str]:
    """The launched SKUs a shopper typing ``query`` should find."""
    words = [folded(word) for word in query.meant]
    found = set()
    for category_name, spus in CATALOGUE.items():
        for spu_name, rows in spus.items():
            for name, caption, launched in rows:
                fields = [folded(text) for text in (name, caption, spu_name, category_name)]
                if launched and any(word in field for word in words for field in fields):
                    found.add(name)
    return found


class SearchLanguageContract(Contract):
    """What shopkit expects any search backend to find for Chinese shoppers."""

    #: Groups the synonym queries rely on (the starter list has them too, but
    #: an editor may have changed it).
    SYNONYMS = ["樱桃 车厘子", "菠萝 凤梨", "饺子 水饺", "西红柿 番茄", "土豆 马铃薯"]

    def make_backend(self) -> SearchBackend:
        """Return the backend under test (called once per test)."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement make_backend() to return the backend under test"
        )

    @pytest.fixture(autouse=True)
    def language_catalogue(self, db: None) -> None:
        """The synonym groups and the catalogue, in the test's transaction, indexed."""
        from shopkit.search.models import SynonymGroup

        for words in self.SYNONYMS:
            SynonymGroup.objects.create(words=words)
        self.skus = build_catalogue()
        self.backend = self.make_backend()
        self.backend.rebuild()

    def ranked(self, query: str) -> list[str]:
        page = self.backend.search(query, page=1, per_page=100)
        assert page.total == len(page.objects)
        return [sku.name for sku in page.objects]

    def misses(self, kind: str) -> dict[str, dict[str, set[str]]]:
        """For each query of ``kind`` that does not find exactly what is meant:
        what it missed and what it found besides."""
        misses = {}
        for query in QUERIES:
            if query.kind != kind:
                continue
            found, expected = set(self.ranked(query.text)), expected_names(query)
            if found != expected:
                misses[query.text] = {"missed": expected - found, "also": found - expected}
        return misses

    def test_single_characters_find_every_sku_containing_them(self) -> None:
        assert self.misses("single character") == {}
        shrimp = {"青岛大青虾 500g", "冷冻虾仁 250g", "麻辣小龙虾 1.5kg", "鲜活基围虾"}
        assert set(self.ranked("虾")) == shrimp | {"手工虾仁饺子 500g"}

    def test_words_find_every_sku_containing_them_however_jieba_cuts_the_name(self) -> None:
        assert self.misses("word") == {}

    def test_spaces_case_and_full_width_forms_are_ignored(self) -> None:
        assert self.misses("spaces, case, width") == {}

    def test_pinyin_its_initials_and_prefixes_find_chinese_names(self) -> None:
        assert self.misses("pinyin") == {}

    def test_traditional_characters_find_simplified_names_and_back(self) -> None:
        assert self.misses("traditional") == {}
        assert self.misses("traditional and synonym") == {}

    def test_synonyms_find_each_other(self) -> None:
        assert self.misses("synonym") == {}

    def test_pinyin_typed_with_spaces_finds_what_it_finds_without(self) -> None:
        # An input method's pinyin comes out spaced by syllable ("cao mei").
        assert self.ranked("cao mei") == self.ranked("caomei")
        assert set(self.ranked("cao mei")) == expected_names(Query("cao mei", "", ("草莓",)))
        assert self.ranked("Hong Fu Shi") == ["烟台红富士苹果 5斤装"]

    def test_a_synonym_group_applies_as_soon_as_it_is_saved(self) -> None:
        from shopkit.search.models import SynonymGroup

        assert self.ranked("鸭颈") == []
        group = SynonymGroup.objects.create(words="鸭脖 鸭颈")
        assert self.ranked("鸭颈") == ["武汉卤鸭脖 200g"]
        group.delete()
        assert self.ranked("鸭颈") == []

    def test_unlaunched_skus_never_appear(self) -> None:
        unlaunched = {"冷冻草莓 1kg", "冷冻虾饺"}
        for query in ["冷冻", "虾饺", "草莓", "虾", "饺子", "caomei", "冷凍"]:
            assert unlaunched & set(self.ranked(query)) == set(), query

    def test_a_sku_unlaunched_before_the_index_is_refreshed_never_appears(self) -> None:
        from shopkit.goods.models import SKU

        # A bulk update sends no signal: the index still holds the SKU.
        SKU.objects.filter(name="丹东九九草莓 500g").update(is_launched=False)
        for query in ["草莓", "caomei", "丹东"]:  # ranked() also checks the total
            assert "丹东九九草莓 500g" not in self.ranked(query), query
        # It sold better, so it led the first page: the page is filled and counted without it.
        first = self.backend.search("草莓", page=1, per_page=1)
        assert ([sku.name for sku in first.objects], first.total) == (["奶油草莓 礼盒装"], 1)

    def test_an_exact_name_ranks_first(self) -> None:
        # 北京烤鸭 sells better, but the shopper typed the other name exactly.
        assert self.ranked("烤鸭")[0] == "烤鸭"

    def test_names_containing_the_query_rank_before_other_matches(self) -> None:
        names = self.ranked("肉")
        in_name = [n for n, name in enumerate(names) if "肉" in name]
        elsewhere = [n for n, name in enumerate(names) if "肉" not in name]
        assert len(in_name) == 2  # 五花肉, 猪肉水饺; the others by category
        assert max(in_name) < min(elsewhere)

    def test_a_whole_word_ranks_above_the_same_characters_inside_other_words(self) -> None:
        from shopkit.goods.models import SKU, SPU, Category

        dried = Category.objects.create(name="干货")
        # 上海带鱼 (上海/带鱼) holds 海带 only across two words, and sells better.
        for spu_name, name, sales in [("带鱼", "上海带鱼 200g", 5000), ("海带", "干海带 200g", 1)]:
            SKU.objects.create(
                spu=SPU.objects.create(name=spu_name, category=dried),
                category=dried,
                name=name,
                price=Decimal("9.90"),
                market_price=Decimal("9.90"),
                stock=5,
                sales=sales,
                is_launched=True,
            )
        self.backend.rebuild()
        assert self.ranked("海带") == ["干海带 200g", "上海带鱼 200g"]
        # Updated rather than rebuilt: 海带结 (海带/结) still holds the whole word.
        renamed = SKU.objects.get(name="干海带 200g")
        renamed.name = "海带结 200g"
        renamed.save()
        self.backend.update([renamed])
        assert self.ranked("海带") == ["海带结 200g", "上海带鱼 200g"]

    def test_the_spu_name_or_the_caption_alone_finds_a_sku(self) -> None:
        assert self.ranked("排骨") == ["猪肋排 1kg"]  # its SPU's name
        assert self.ranked("paigu") == ["猪肋排 1kg"]  # that name's pinyin
        assert set(self.ranked("散养")) == {"农家土鸡蛋 30枚", "三黄鸡 整鸡"}  # captions
        assert self.ranked("传统") == ["台灣鳳梨酥 禮盒"]  # a traditional caption

    def test_highlight_terms_include_simplified_forms_and_synonyms(self) -> None:
        assert "苹果" in self.backend.highlight_terms("蘋果")
        assert "车厘子" in self.backend.highlight_terms("樱桃")


__all__ = ["SearchLanguageContract"]
