"""The jieba analyzer, on Whoosh directly and through haystack and the search facade."""

import os
import subprocess
import sys
import threading

import pytest
from haystack import connections, indexes
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import create_in
from whoosh.qparser import QueryParser

from shopkit.search.backends.haystack import HaystackSearchBackend
from shopkit.search.whoosh_cn.analyzer import ChineseAnalyzer
from tests.testapp.models import Product

TITLES = {
    "strawberry": "新鲜草莓 500g",
    "blueberry": "有机蓝莓 500 g 装",
    "cherry": "进口车厘子2.5kg礼盒装",
    "case15": "Apple iPhone15 透明手机壳",
    "case14": "iPhone 14 Pro 硅胶手机壳",
    "phone": "华为 Mate 60 5G手机",
}


@pytest.fixture(scope="module")
def whoosh_index(tmp_path_factory):
    schema = Schema(key=ID(stored=True), title=TEXT(analyzer=ChineseAnalyzer(), stored=True))
    index = create_in(tmp_path_factory.mktemp("whoosh_cn"), schema)
    with index.writer() as writer:
        for key, title in TITLES.items():
            writer.add_document(key=key, title=title)
    return index


def found(index, query):
    with index.searcher() as searcher:
        hits = searcher.search(QueryParser("title", index.schema).parse(query), limit=None)
        return {hit["key"] for hit in hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("草莓", {"strawberry"}),
        ("手机壳", {"case15", "case14"}),
        ("手机", {"case15", "case14", "phone"}),
        ("500g", {"strawberry", "blueberry"}),
        ("iPhone 15 手机壳", {"case15"}),
        ("IPHONE", {"case15", "case14"}),
        ("礼盒", {"cherry"}),
        ("2.5kg", {"cherry"}),
        ("５００ｇ", {"strawberry", "blueberry"}),
        ("5G", {"phone"}),
        ("iPhone15", {"case15"}),
        ("Mate60", {"phone"}),
        ("2.5 kg", {"cherry"}),
        ("500 g", {"strawberry", "blueberry"}),
        ("榴莲", set()),
    ],
)
def test_queries_find_chinese_english_and_number_words(whoosh_index, query, expected):
    assert found(whoosh_index, query) == expected


def test_numbers_and_letters_are_joined_when_indexing_and_kept_whole_when_querying():
    def words(text, **kwargs):
        return [token.text for token in ChineseAnalyzer()(text, **kwargs)]

    # The words come first; characters, pairs and pinyin follow them.
    assert words("有机蓝莓 500 g 装")[:6] == ["有机", "蓝莓", "500", "g", "500g", "装"]
    assert words("车厘子2.5kg", mode="query") == ["车厘子", "2.5kg"]
    assert words("iPhone 15 手机", mode="query") == ["iphone", "15", "手机"]
    assert words("500g, g", mode="query") == ["500g", "g"]


def test_indexing_adds_every_run_of_up_to_three_characters_and_the_pinyin_of_words():
    terms = [token.text for token in ChineseAnalyzer()("青岛大青虾")]
    assert terms[:3] == ["青岛", "大", "青虾"]  # jieba's words
    assert {"青", "岛", "虾", "岛大", "大青", "大青虾", "青岛大"} <= set(terms)  # in no word
    assert "岛大青虾" not in terms
    assert {"qingdao", "qd", "qingxia", "qx", "da"} <= set(terms)
    assert "d" not in terms  # a lone initial is never searched for


def test_traditional_and_full_width_forms_are_read_as_simplified_ascii():
    def words(text):
        return [token.text for token in ChineseAnalyzer()(text, mode="query")]

    assert words("蘋果 ＸＬ") == ["苹果", "xl"]
    assert words("台灣鳳梨酥") == words("台湾凤梨酥")


def test_token_offsets_point_into_the_original_text():
    text = "新鲜草莓ＸＬ 500g"
    tokens = [(t.text, t.startchar, t.endchar) for t in ChineseAnalyzer()(text, chars=True)]
    assert [(word, text[start:end]) for word, start, end in tokens[:6]] == [
        ("新鲜", "新鲜"),
        ("草莓", "草莓"),
        ("xl", "ＸＬ"),
        ("500g", "500g"),
        ("500", "500"),
        ("g", "g"),
    ]
    spans = [(word, text[start:end]) for word, start, end in tokens]
    assert ("鲜草", "鲜草") in spans and ("caomei", "草莓") in spans


def test_jieba_loads_on_first_use_not_on_import():
    code = (
        "import sys\n"
        "from shopkit.search.whoosh_cn import analyzer\n"
        "assert 'jieba' not in sys.modules, 'jieba imported eagerly'\n"
        "analyzer.ChineseAnalyzer()('草莓')\n"
        "list(analyzer.ChineseAnalyzer()('草莓'))\n"
        "list(analyzer.ChineseAnalyzer()('蓝莓'))\n"
        "print(analyzer.jieba_tokenizer.cache_info().misses)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


class ProductIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    name = indexes.CharField(model_attr="name")
    english = indexes.CharField(model_attr="caption", analyzer=StandardAnalyzer())

    def get_model(self):
        return Product

    def prepare_text(self, product):
        return f"{product.name} {product.caption}"


@pytest.fixture
def chinese_connection(tmp_path, settings, monkeypatch):
    """A haystack connection on the Chinese engine that indexes only Product."""
    alias = "whoosh_cn_test"
    settings.HAYSTACK_CONNECTIONS = {
        **settings.HAYSTACK_CONNECTIONS,
        alias: {
            "ENGINE": "shopkit.search.whoosh_cn.backend.ChineseWhooshEngine",
            "PATH": str(tmp_path / "index"),
        },
    }
    # haystack reads its connections once; show it the overridden ones.
    monkeypatch.setattr(connections, "connections_info", settings.HAYSTACK_CONNECTIONS)
    connections.reload(alias).get_unified_index().build(indexes=[ProductIndex()])
    yield alias
    connections.thread_local.connections.pop(alias, None)


@pytest.fixture
def products(db):
    return {
        key: Product.objects.create(name=title, caption="fresh fruit" if "莓" in title else "")
        for key, title in TITLES.items()
    }


def test_haystack_text_fields_use_the_chinese_analyzer_unless_they_name_one(chinese_connection):
    backend = connections[chinese_connection].get_backend()
    backend.setup()
    assert isinstance(backend.schema["text"], TEXT)
    for name in ("text", "name"):
        words = [t.text for t in backend.schema[name].analyzer("新鲜草莓", mode="query")]
        assert words == ["新鲜", "草莓"]
    assert [t.text for t in backend.schema["english"].analyzer("新鲜草莓")] == ["新鲜草莓"]


def test_the_search_facade_finds_chinese_words_through_haystack(chinese_connection, products):
    facade = HaystackSearchBackend(chinese_connection)
    assert facade.rebuild() == len(TITLES)
    page = facade.search("草莓", page=1, per_page=10)
    assert page.objects == [products["strawberry"]] and page.total == 1
    mixed = facade.search("iPhone 15 手机壳", page=1, per_page=10)
    assert mixed.objects == [products["case15"]]
    by_weight = facade.search("500g", page=1, per_page=10)
    assert set(by_weight.objects) == {products["strawberry"], products["blueberry"]}


def test_searches_skip_the_model_restriction_only_while_the_index_holds_registered_models(
    chinese_connection, products
):
    facade = HaystackSearchBackend(chinese_connection)
    facade.rebuild()
    backend = connections[chinese_connection].get_backend()
    assert backend.build_models_list() == []
    with backend.index.writer() as writer:
        writer.add_document(id="other.thing.1", django_ct="other.thing", django_id="1", text="草莓")
    assert backend.build_models_list() == ["shopkit_testapp.product"]
    assert facade.search("草莓", page=1, per_page=10).total == 1  # the stranger is left out


def test_a_search_sees_an_index_rebuilt_elsewhere_up_to_the_same_generation(
    chinese_connection, products
):
    facade = HaystackSearchBackend(chinese_connection)
    facade.rebuild()
    assert facade.search("草莓", page=1, per_page=10).total == 1  # its reader is now shared
    generation = connections[chinese_connection].get_backend().index.latest_generation()
    lychee = Product(pk=products["strawberry"].pk, name="妃子笑荔枝", caption="")

    def rebuild_elsewhere():
        # Another thread has its own haystack backend, as another process would.
        connections[chinese_connection].get_unified_index().build(indexes=[ProductIndex()])
        backend = connections[chinese_connection].get_backend()
        backend.clear()
        backend.update(ProductIndex(), [lychee])
        backend.optimize()

    thread = threading.Thread(target=rebuild_elsewhere)
    thread.start()
    thread.join()
    backend = connections[chinese_connection].get_backend()
    assert backend.index.latest_generation() == generation
    assert facade.search("草莓", page=1, per_page=10).total == 0
    assert facade.search("荔枝", page=1, per_page=10).total == 1
