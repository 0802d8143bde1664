"""Reading province, city and district off one-line addresses as shoppers and
the dadashop front end write them."""

import pytest

from shopkit.accounts.divisions_parse import parse_address


@pytest.mark.parametrize(
    "text, codes, street",
    [
        ("广东省广州市天河区体育西路 1 号", ["440000", "440100", "440106"], "体育西路 1 号"),
        ("北京市海淀区中关村大街 1 号", ["110000", "110100", "110108"], "中关村大街 1 号"),
        # short forms, confirmed by the full name below them
        ("北京海淀区中关村", ["110000", "110100", "110108"], "中关村"),
        ("南京鼓楼区中山路 8 号", ["320000", "320100", "320106"], "中山路 8 号"),
        ("延边延吉市光明街", ["220000", "222400", "222401"], "光明街"),
        ("内蒙古呼和浩特市新城区 5 号", ["150000", "150100", "150102"], "5 号"),
        # the municipality written as its own city, or as GB/T 2260's 市辖区
        ("北京市北京市朝阳区建国路 1 号", ["110000", "110100", "110105"], "建国路 1 号"),
        ("上海市市辖区浦东新区世纪大道", ["310000", "310100", "310115"], "世纪大道"),
        ("重庆市城口县葛城街道", ["500000", "500200", "500229"], "葛城街道"),
        # the province left out
        ("广州市天河区体育西路", ["440000", "440100", "440106"], "体育西路"),
        ("吉林市船营区 2 号", ["220000", "220200", "220204"], "2 号"),
        # separators between the parts, as a front end joining three selects writes them
        ("广东 广州 天河区 体育西路", ["440000", "440100", "440106"], "体育西路"),
        ("浙江省，杭州市，西湖区，文三路", ["330000", "330100", "330106"], "文三路"),
        # as far as the data goes, or as far as the text names
        ("广东省东莞市南城街道 3 号", ["440000", "441900"], "南城街道 3 号"),
        ("湖北省仙桃市沔阳大道", ["420000", "429000", "429004"], "沔阳大道"),
        ("香港特别行政区九龙弥敦道", ["810000"], "九龙弥敦道"),
        ("广东省某镇某村", ["440000"], "某镇某村"),
        ("广东省广州市某路", ["440000", "440100"], "某路"),
    ],
)
def test_addresses_that_start_with_division_names_are_read(text, codes, street):
    parsed = parse_address(text)
    assert parsed is not None
    assert [d.code for d in parsed.divisions.chain] == codes
    assert parsed.street == street


@pytest.mark.parametrize(
    "text",
    [
        "火星基地 1 号",
        "",
        "   ",
        "朝阳区建国路",  # 北京 or 长春: a bare district is never guessed
        "广东中山路 1 号",  # 广东 and 中山 are short forms nothing confirms
        "香港九龙",
        "123 Main Street",
    ],
)
def test_text_without_readable_divisions_is_not_read(text):
    assert parse_address(text) is None


def test_a_reading_gives_the_official_names_whatever_the_text_wrote():
    parsed = parse_address("北京 北京市 朝阳区 建国路 1 号")
    assert parsed.divisions.text + parsed.street == "北京市朝阳区建国路 1 号"
