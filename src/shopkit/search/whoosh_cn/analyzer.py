"""A Whoosh analyzer that segments Chinese with jieba.

Indexing and querying tokenise differently, on purpose:

- **indexing** uses jieba's search mode, which emits every word and the
  dictionary words inside long ones ("礼盒装" → 礼盒, 盒装, 礼盒装); adds the
  letter and digit parts of mixed runs ("500g" → 500g, 500, g; "iPhone15" →
  iphone15, iphone, 15); and joins a number and a word of letters that
  follow each other, with or without spaces ("500 g" → 500, g, 500g;
  "2.5kg", which jieba cuts in two, → 2.5, kg, 2.5kg; "Mate 60" → mate, 60,
  mate60);
- **querying** uses jieba's precise mode and keeps a mixed run whole, joined
  the same way when jieba cut it ("2.5kg" → 2.5kg). So the words of a query
  are a subset of what any text containing them indexed: "500g" finds "500g"
  and "500 g", "iPhone15" finds "iPhone 15", and "iPhone 15" (two words)
  finds "iPhone15 手机壳". Querying one mixed word instead of its parts also
  keeps searches fast: "500g" matches one term, not the intersection of two
  very common ones (500 and g).

Indexing also adds, so that any run of characters and pinyin find a product
(see ``shopkit.search.language``): every run of one to three Chinese
characters ("青岛大青虾" → 青, 岛, 青岛, 大, 岛大, 青岛大 …), and the pinyin and
pinyin initials of every Chinese word (草莓 → caomei, cm). A
query word is matched against those by the Whoosh field
(:class:`~shopkit.search.whoosh_cn.fields.ChineseText`), not here.

Text is normalised first (``shopkit.search.language.normalise``: full-width
letters, digits and spaces to ASCII, traditional characters to simplified,
lowercase), one character for one so highlight offsets stay right. jieba and
its dictionary load on first use, once per process; words added with
``jieba.add_word()`` or ``jieba.load_userdict()`` apply.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from whoosh.analysis import Analyzer, LowercaseFilter, Token, Tokenizer

from shopkit.search.language import CJK_RUN, cjk_grams, normalise, pinyin_forms
from shopkit.search.whoosh_cn.dictionary import load_compact_dictionary

if TYPE_CHECKING:
    import jieba

WORD = re.compile(r"\w")
ALNUM_PARTS = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@functools.cache
def jieba_tokenizer() -> jieba.Tokenizer:
    """jieba's default tokenizer, its dictionary loaded (once per process,
    memory-mapped: see ``dictionary.py``)."""
    import jieba

    load_compact_dictionary(jieba.dt)
    return jieba.dt


def kind(word: str) -> str | None:
    """``"letters"`` or ``"number"`` for words a number and a unit (or a model
    name and its number) are made of; ``None`` for anything else."""
    if word.isascii() and word.isalpha():
        return "letters"
    if NUMBER.fullmatch(word):
        return "number"
    return None


def segments(text: str, query: bool) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` for every word of ``text`` worth indexing (or,
    with ``query``, worth searching for)."""
    mode = "default" if query else "search"
    words: list[tuple[str, int, int]] = []
    previous: tuple[str, int, int] | None = None  # the last letters or number word
    for word, start, end in jieba_tokenizer().tokenize(text, mode=mode):
        if not WORD.search(word):
            if not word.isspace():
                previous = None  # punctuation separates; spaces do not
            continue
        word_kind = kind(word)
        joined = None
        if previous and word_kind and kind(previous[0]) not in {None, word_kind}:
            if not query or previous[2] == start:  # queries join only what touches
                joined = (previous[0] + word, previous[1], end)
        if query:
            if joined:
                words[-1] = joined
                previous = None
                continue
            words.append((word, start, end))
        else:
            words.append((word, start, end))
            parts = ALNUM_PARTS.findall(word) if word.isascii() else []
            if len(parts) >= 2:
                offset = start
                for part in parts:
                    part_start = word.index(part, offset - start) + start
                    offset = part_start + len(part)
                    words.append((part, part_start, offset))
            if joined:
                words.append(joined)
        previous = (word, start, end) if word_kind else None
    return words


def pinyin_of(words: list[tuple[str, int, int]]) -> Iterator[tuple[str, int, int]]:
    """The pinyin forms of the Chinese words among ``words``, at the words'
    offsets; a lone initial is left out (no query looks for one letter)."""
    for word, start, end in words:
        if CJK_RUN.fullmatch(word):
            for form in pinyin_forms(word):
                if len(form) > 1:
                    yield form, start, end


def index_terms(text: str) -> list[tuple[str, int, int]]:
    """``(term, start, end)`` for everything ``text`` is indexed under: its
    words, its runs of one to three Chinese characters, and the pinyin of its
    Chinese words."""
    words = segments(text, query=False)
    return [*words, *cjk_grams(text), *pinyin_of(words)]


class JiebaTokenizer(Tokenizer):
    """Splits text into Chinese words (jieba), English words and numbers; when
    indexing, adds runs of Chinese characters and pinyin."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        if not isinstance(value, str):
            raise TypeError(f"JiebaTokenizer needs text, not {type(value).__name__}")
        value = normalise(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            words = [(value, 0, len(value))]
        elif mode == "query":
            words = segments(value, query=True)
        else:
            words = index_terms(value)
        for position, (word, start, end) in enumerate(words, start_pos):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def ChineseAnalyzer() -> Analyzer:  # noqa: N802 (named like Whoosh's analyzer factories)
    """jieba words (with runs of characters and pinyin when indexing), lowercased."""
    return JiebaTokenizer() | LowercaseFilter()
