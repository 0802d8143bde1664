"""A Whoosh analyzer that segments Chinese with jieba.

Indexing and querying tokenise differently, on purpose:

- **indexing** uses jieba's search mode, which emits every word and the
  dictionary words inside long ones ("礼盒装" → 礼盒, 盒装, 礼盒装), and adds
  the letter and digit parts of mixed runs ("500g" → 500g, 500, g;
  "iPhone15" → iphone15, iphone, 15);
- **querying** uses jieba's precise mode and keeps only those parts, so the
  words of a query are a subset of what any text containing them indexed:
  "500g" finds "500g" and "500 g", "iPhone 15" finds "iPhone15 手机壳".

Full-width letters, digits and spaces (common in Chinese input) are folded to
their ASCII forms first, one character for one so highlight offsets stay
right; tokens are lowercased. jieba and its dictionary load on first use,
once per process; words added with ``jieba.add_word()`` or
``jieba.load_userdict()`` apply.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from whoosh.analysis import Analyzer, LowercaseFilter, Token, Tokenizer

if TYPE_CHECKING:
    import jieba

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, to ASCII.
FULL_WIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
WORD = re.compile(r"\w")
ALNUM_PARTS = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")


@functools.cache
def jieba_tokenizer() -> jieba.Tokenizer:
    """jieba's default tokenizer, its dictionary loaded (once per process)."""
    import jieba

    jieba.dt.initialize()
    return jieba.dt


def segments(text: str, query: bool) -> Iterator[tuple[str, int, int]]:
    """Yield ``(word, start, end)`` for every word of ``text`` worth indexing."""
    mode = "default" if query else "search"
    for word, start, end in jieba_tokenizer().tokenize(text, mode=mode):
        if not WORD.search(word):
            continue  # spaces and punctuation
        parts = ALNUM_PARTS.findall(word) if word.isascii() else []
        if len(parts) < 2:
            yield word, start, end
            continue
        if not query:
            yield word, start, end
        offset = start
        for part in parts:
            part_start = word.index(part, offset - start) + start
            offset = part_start + len(part)
            yield part, part_start, offset


class JiebaTokenizer(Tokenizer):
    """Splits text into Chinese words (jieba), English words and numbers."""

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
        value = value.translate(FULL_WIDTH_TO_ASCII)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if tokenize:
            words: Iterator[tuple[str, int, int]] = segments(value, query=mode == "query")
        else:
            words = iter([(value, 0, len(value))])
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
    """jieba words, lowercased."""
    return JiebaTokenizer() | LowercaseFilter()
