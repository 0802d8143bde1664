"""jieba's dictionary from the memory-mapped trie cuts exactly as jieba's own."""

import random
from pathlib import Path

import jieba
import pytest

from shopkit.search.whoosh_cn.dictionary import TrieFrequencies, load_compact_dictionary

SENTENCES = [
    "新鲜草莓500g礼盒装",
    "我来到北京清华大学",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "iPhone15 手机壳 透明",
    "速冻水饺 猪肉白菜馅 1kg",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
]


@pytest.fixture(scope="module")
def both_tokenizers(tmp_path_factory):
    """jieba's own tokenizer and one on the trie, each with a cache folder of its own."""
    own = jieba.Tokenizer()
    own.tmp_dir = str(tmp_path_factory.mktemp("own"))
    own.initialize()
    compact = jieba.Tokenizer()
    compact.tmp_dir = str(tmp_path_factory.mktemp("compact"))
    load_compact_dictionary(compact)
    return own, compact


def random_sentences(count):
    dictionary = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    words = [line.split(" ", 1)[0] for line in dictionary.splitlines()]
    chooser = random.Random(20261204)
    return ["".join(chooser.choices(words, k=chooser.randint(2, 12))) for _ in range(count)]


@pytest.mark.parametrize("mode", ["default", "search"])
def test_the_trie_cuts_every_sentence_as_jiebas_own_dictionary(both_tokenizers, mode):
    own, compact = both_tokenizers
    assert isinstance(compact.FREQ, TrieFrequencies)
    for sentence in SENTENCES + random_sentences(300):
        assert list(compact.tokenize(sentence, mode=mode)) == list(
            own.tokenize(sentence, mode=mode)
        ), sentence


def test_prefixes_are_in_with_frequency_zero_as_in_jiebas_dict(both_tokenizers):
    own, compact = both_tokenizers
    for key in ["草莓", "草", "中华人民共", "中华人民共和国", "不是词的串", "x"]:
        assert (key in compact.FREQ) == (key in own.FREQ), key
        assert compact.FREQ.get(key) == own.FREQ.get(key), key
    assert compact.total == own.total


def test_added_words_are_cut_out(tmp_path):
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(tmp_path)
    load_compact_dictionary(tokenizer)
    assert "草莓酱料" not in tokenizer.lcut("新鲜草莓酱料")
    tokenizer.add_word("草莓酱料")
    assert tokenizer.lcut("新鲜草莓酱料") == ["新鲜", "草莓酱料"]


def test_the_files_are_built_once_and_mapped_after(tmp_path):
    first = jieba.Tokenizer()
    first.tmp_dir = str(tmp_path)
    load_compact_dictionary(first)
    built = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    assert sorted(Path(name).suffix for name in built) == [".freq", ".json", ".marisa"]
    second = jieba.Tokenizer()
    second.tmp_dir = str(tmp_path)
    load_compact_dictionary(second)
    assert {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == built
    assert second.lcut("新鲜草莓") == first.lcut("新鲜草莓")
