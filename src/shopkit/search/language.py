"""What both search backends do to Chinese text, so they find the same SKUs.

Shoppers type single characters, words jieba would cut differently from the
product name, pinyin instead of characters, traditional characters, and
full-width letters from a Chinese input method. Product text and queries are
therefore brought to one form (:func:`normalise`: ASCII for full-width forms,
simplified characters, lowercase), product text is searched by its runs of
one to three Chinese characters as well as by its words, and each Chinese
word is also indexed as its pinyin and the initials of its pinyin.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

# Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, to ASCII.
FULL_WIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
#: The CJK unified ideographs jieba cuts (as in its own ``re_han_default``).
CJK = re.compile(r"[\u4e00-\u9fd5]")
CJK_RUN = re.compile(r"[\u4e00-\u9fd5]+")
#: A query word that may be pinyin: letters only.
LETTERS = re.compile(r"[a-z]+")


@functools.cache
def simplifier() -> opencc.OpenCC:
    """OpenCC's traditional-to-simplified converter (loaded once per process)."""
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """``text`` as it is indexed and searched: full-width forms as ASCII,
    traditional characters as simplified, lowercase.

    Every step maps one character to one, so offsets into the result are
    offsets into ``text``: where OpenCC's phrases would change the length,
    the characters are converted one by one.
    """
    folded = text.translate(FULL_WIDTH_TO_ASCII).lower()
    if not CJK.search(folded):
        return folded
    simplified = simplifier().convert(folded)
    if len(simplified) == len(folded):
        return simplified
    return "".join(simplifier().convert(char) for char in folded)


def without_spaces_between_cjk(text: str) -> str:
    """Drop the spaces next to a Chinese character: shoppers space Chinese words
    freely ("冷冻 虾仁") while the name has none ("冷冻虾仁"), but spaces between
    English words and numbers separate them."""
    return re.sub(r"(?<=[\u4e00-\u9fd5])\s+|\s+(?=[\u4e00-\u9fd5])", "", text)


#: The longest run of Chinese characters indexed as a gram: a query word up
#: to this long is one term, longer ones the grams inside them.
GRAM_LENGTH = 3


def cjk_grams(text: str) -> Iterator[tuple[str, int, int]]:
    """``(gram, start, end)`` for every run of one to three Chinese characters
    of ``text``, spaces between them ignored: what lets a query find any run
    of characters in a name, whatever words jieba cut it into ("青岛大青虾" →
    青, 岛, 青岛, 大, 岛大, 青岛大 …)."""
    run: list[tuple[str, int]] = []  # the last characters, with their offsets
    for match in re.finditer(r"\S", text):
        char, start = match.group(), match.start()
        if not CJK.fullmatch(char):
            run = []
            continue
        run = [*run[1 - GRAM_LENGTH :], (char, start)]
        for first in range(len(run) - 1, -1, -1):
            yield "".join(c for c, _ in run[first:]), run[first][1], start + 1


def query_grams(word: str) -> list[str]:
    """The grams of a Chinese query word that any text containing it has
    indexed: the word itself when it is short enough, else every run of
    three characters in it."""
    if len(word) <= GRAM_LENGTH:
        return [word]
    return [word[n : n + GRAM_LENGTH] for n in range(len(word) - GRAM_LENGTH + 1)]


@functools.lru_cache(maxsize=65536)
def pinyin_forms(word: str) -> tuple[str, ...]:
    """The pinyin of a Chinese word without tones ("草莓" → "caomei") and its
    initials ("cm"), read as the word (pypinyin knows the readings of
    words, so 重庆 is chongqing, not zhongqing)."""
    from pypinyin import Style, lazy_pinyin

    full = "".join(lazy_pinyin(word, errors="ignore"))
    initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore"))
    return tuple(dict.fromkeys(form for form in (full, initials) if form))


def could_be_pinyin(word: str) -> bool:
    """Whether a query word is worth looking up as pinyin: two letters or more
    (one letter would match half the catalogue's initials)."""
    return len(word) >= 2 and LETTERS.fullmatch(word) is not None
