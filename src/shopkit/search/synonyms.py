"""Synonym groups applied to queries, so editors' changes need no reindex.

The groups are read from the database once and kept in the page cache (tag
``synonyms``), and every search result cached while they were read depends on
that tag: saving or deleting a group (Wagtail, admin, shell) drops both, in
every process.
"""

from __future__ import annotations

import re
from typing import Any

from shopkit.goods.page_cache import cached_page, invalidate
from shopkit.search.language import LETTERS, normalise

SYNONYMS_TAG = "synonyms"
#: A run of Chinese characters, or of other word characters joined by . - +
#: ("2.5kg", "4-6", "c++" stay whole).
QUERY_WORD = re.compile(r"[\u4e00-\u9fd5]+|[^\W\u4e00-\u9fd5]+(?:[.+-]+[^\W\u4e00-\u9fd5]+)*\+*")


def synonym_groups() -> list[tuple[str, ...]]:
    """Every synonym group, its words normalised as queries are."""
    return cached_page("search:synonyms", _load_groups, local=True)


def _load_groups() -> tuple[list[tuple[str, ...]], set[str]]:
    from shopkit.search.models import SynonymGroup

    groups = [
        tuple(dict.fromkeys(normalise(word) for word in group.word_list()))
        for group in SynonymGroup.objects.all()
    ]
    return [group for group in groups if len(group) > 1], {SYNONYMS_TAG}


def forget_synonyms(**kwargs: Any) -> None:
    """Drop the cached groups and the results searched with them (a signal receiver)."""
    invalidate({SYNONYMS_TAG})


def with_synonyms(word: str) -> list[str]:
    """``word`` and the words it means through a synonym group: a word of a
    group is replaced by each other word of it, also inside a longer word
    ("新鲜樱桃" → 新鲜樱桃, 新鲜车厘子)."""
    alternatives = [word]
    for group in synonym_groups():
        for member in group:
            if member in word:
                alternatives.extend(word.replace(member, other) for other in group)
    return list(dict.fromkeys(alternatives))


def query_words(query: str) -> list[list[str]]:
    """The words of ``query`` a result must match, each with its alternatives:
    normalised, cut into runs of Chinese and runs of letters and digits
    ("Dole苹果 2.5kg" → dole, 苹果, 2.5kg; punctuation and spaces dropped),
    synonyms added.

    Words of letters with only spaces between them may be pinyin that an
    input method spaced by syllable, so each may also be matched by all of
    them joined ("cao mei" → [cao, caomei], [mei, caomei]). As every word
    must match, a result holds either each word or the joined one: "cao mei"
    finds what "caomei" finds, and "dole banana" still finds its two words.
    """
    matches = list(QUERY_WORD.finditer(normalise(query)))
    words = [with_synonyms(match.group()) for match in matches]
    runs: list[list[int]] = []  # the numbers of words of letters, spaced apart
    for number, match in enumerate(matches):
        if not LETTERS.fullmatch(match.group()):
            continue
        between = match.string[matches[number - 1].end() : match.start()] if number else ""
        if runs and runs[-1][-1] == number - 1 and between.isspace():
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        if len(run) > 1:
            joined = "".join(matches[number].group() for number in run)
            for number in run:
                words[number] = list(dict.fromkeys([*words[number], joined]))
    return words
