"""The Whoosh text field that turns a query word into what finds it in
text indexed by :func:`~shopkit.search.whoosh_cn.analyzer.ChineseAnalyzer`."""

from __future__ import annotations

from whoosh.fields import TEXT
from whoosh.query import And, AndMaybe, NullQuery, Prefix, Query, Term

from shopkit.search.language import CJK_RUN, GRAM_LENGTH, could_be_pinyin, query_grams

#: How much a long word found whole adds to the score of its runs of characters.
WHOLE_WORD_BOOST = 2.0


class ChineseText(TEXT):
    """A text field that parses its own queries.

    Each word of a query (as the analyzer cuts it in query mode) matches:

    - a Chinese word of up to three characters: that run of characters, one
      term, indexed whatever words jieba cut the text into (so "大青虾" finds
      "青岛大青虾", cut 青岛/大/青虾); a text that also holds it as a word
      counts it twice, so whole words rank first.
    - a longer Chinese word: all its runs of three characters, the whole word
      adding to the score.
    - letters: any word or pinyin starting with them ("caom" → caomei,
      "cm", "dole").
    - anything else (numbers, "500g"): the word.

    All words must match.
    """

    def self_parsing(self) -> bool:
        return True

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> Query:
        words = [token.text for token in self.analyzer(qstring, mode="query")]
        if not words:
            return NullQuery
        queries = [word_query(fieldname, word) for word in words]
        query = queries[0] if len(queries) == 1 else And(queries)
        query.boost = boost
        return query


def word_query(fieldname: str, word: str) -> Query:
    if CJK_RUN.fullmatch(word) and len(word) > GRAM_LENGTH:
        grams = And([Term(fieldname, gram) for gram in query_grams(word)])
        return AndMaybe(grams, Term(fieldname, word, boost=WHOLE_WORD_BOOST))
    if could_be_pinyin(word):
        return Prefix(fieldname, word, constantscore=False)
    return Term(fieldname, word)
