"""Reading province, city and district off the start of a one-line address,
as the dadashop front end sends it (``广东省广州市天河区体育西路 1 号``).

Names match as the longest prefix at each level. Full names always count;
short forms (``北京``, ``广州``, ``延边`` for 延边朝鲜族自治州) and a left-out
level (``广州市天河区…`` without the province, ``北京市海淀区…`` without
GB/T 2260's 市辖区) count only when a full name below them confirms them, so
``广东中山路 1 号`` is not read as 中山市. Two different readings of the same
length are a tie: nothing is read then, and the address stays as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from shopkit.accounts.divisions import (
    CITY,
    PROVINCE,
    Division,
    Divisions,
    children,
    get_division,
)

#: What may stand between the parts: spaces, commas, dashes, slashes.
SEPARATORS = " \u3000\t,，、-—/·"
#: The peoples named in autonomous prefectures' names (延边朝鲜族自治州 → 延边).
PEOPLES = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|"
    "高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|"
    "阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|"
    "赫哲|门巴|珞巴|基诺"
)
AUTONOMOUS_PREFECTURE = re.compile(rf"^(.{{2,}}?)(?:(?:{PEOPLES})族)+自治州$")
CITY_SUFFIXES = ("地区", "市", "盟")


@dataclass(frozen=True)
class ParsedAddress:
    divisions: Divisions
    #: What follows the last name read (the street, number …), separators stripped.
    street: str


def parse_address(text: str) -> ParsedAddress | None:
    """The divisions ``text`` starts with and the rest, or ``None`` when no
    division could be read (or two readings tie)."""
    text = (text or "").strip()
    found = _read(text, "")
    if found is None or not found[1]:
        return None
    consumed, chain = found
    return ParsedAddress(Divisions(*chain), text[consumed:].lstrip(SEPARATORS))


def _read(text: str, parent: str, may_skip: bool = True) -> tuple[int, list[Division]] | None:
    """The longest reading of ``text`` below ``parent``: ``(characters read,
    divisions)``; ``(0, [])`` when nothing matches, ``None`` on a tie.

    ``may_skip`` is false right below a left-out level: two left out in a row
    would read a bare ``朝阳区…`` as Beijing's.
    """
    best: tuple[int, list[Division]] = (0, [])
    tied = False
    for division in children(parent):
        for alias, needs_confirmation in _aliases(division):
            if not text.startswith(alias) or (not alias and not may_skip):
                continue
            rest = text[len(alias) :]
            skipped = len(rest) - len(rest.lstrip(SEPARATORS))
            below: tuple[int, list[Division]] | None = (0, [])
            if _has_children(division):
                below = _read(rest[skipped:], division.code, may_skip=bool(alias))
            if below is None:
                return None
            if needs_confirmation and not below[1]:
                continue
            consumed = len(alias) + (skipped if below[1] else 0) + below[0]
            chain = [division, *below[1]]
            if consumed > best[0]:
                best, tied = (consumed, chain), False
            elif consumed == best[0] and consumed and _codes(chain) != _codes(best[1]):
                tied = True
    return None if tied else best


def _codes(chain: list[Division]) -> list[str]:
    return [d.code for d in chain]


def _has_children(division: Division) -> bool:
    return bool(children(division.code))


@cache
def _aliases(division: Division) -> tuple[tuple[str, bool], ...]:
    """``(name, needs confirmation)`` pairs that may stand for ``division``."""
    aliases = [(division.name, False)]
    if division.level == PROVINCE:
        # 内蒙古 and 黑龙江 are the only provinces not called by two characters.
        length = 3 if division.name[:3] in ("内蒙古", "黑龙江") else 2
        aliases.append((division.name[:length], True))
        aliases.append(("", True))
    elif division.grouping:
        # 北京市北京市海淀区 (a front end that shows the municipality as its own city).
        province = get_division(division.parent)
        aliases += [(province.name, False)] if province else []
        aliases.append(("", True))
    elif division.level == CITY:
        short = division.name
        prefecture = AUTONOMOUS_PREFECTURE.match(short)
        if prefecture:
            short = prefecture.group(1)
        else:
            short = next((short[: -len(s)] for s in CITY_SUFFIXES if short.endswith(s)), short)
        if len(short) >= 2 and short != division.name:
            aliases.append((short, True))
    return tuple(aliases)
