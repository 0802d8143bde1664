"""The address service with divisions: structured from codes or read off the
one-line text, checked, kept as given when nothing can be read."""

import pytest
from django.utils import translation

from shopkit.accounts import addresses
from shopkit.accounts.models import Address
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError

pytestmark = pytest.mark.django_db

TIANHE = {"province_code": "440000", "city_code": "440100", "district_code": "440106"}


def entered(address, **changes):
    return addresses.AddressInput(
        **{"receiver": "张三", "address": address, "receiver_mobile": "13612345678", **changes}
    )


def parts(address):
    return {
        field: getattr(address, field)
        for field in ("address", "street", "province", "city", "district", "district_code")
    }


def test_codes_and_a_street_make_the_whole_line(alice):
    saved = addresses.add_address(alice, entered("体育西路 1 号", **TIANHE))
    assert parts(saved) == {
        "address": "广东省广州市天河区体育西路 1 号",
        "street": "体育西路 1 号",
        "province": "广东省",
        "city": "广州市",
        "district": "天河区",
        "district_code": "440106",
    }


def test_codes_with_the_whole_line_drop_the_names_it_repeats(alice):
    saved = addresses.add_address(alice, entered("广东省广州市天河区体育西路 1 号", **TIANHE))
    assert (saved.address, saved.street) == ("广东省广州市天河区体育西路 1 号", "体育西路 1 号")
    partly = addresses.add_address(alice, entered("广东省广州市体育西路 1 号", **TIANHE))
    assert partly.address == "广东省广州市天河区体育西路 1 号"


def test_a_one_line_address_is_read_into_its_parts(alice):
    saved = addresses.add_address(alice, entered("北京海淀区中关村大街 1 号"))
    assert parts(saved) == {
        "address": "北京市海淀区中关村大街 1 号",
        "street": "中关村大街 1 号",
        "province": "北京市",
        "city": "市辖区",
        "district": "海淀区",
        "district_code": "110108",
    }


def test_a_line_without_divisions_is_kept_as_given(alice):
    saved = addresses.add_address(alice, entered("  幸福小区 3 栋 "))
    assert parts(saved) == {
        "address": "幸福小区 3 栋",
        "street": "幸福小区 3 栋",
        "province": "",
        "city": "",
        "district": "",
        "district_code": "",
    }
    assert saved.province_code == saved.city_code == ""


def test_an_update_without_codes_reads_the_new_line(alice):
    saved = addresses.add_address(alice, entered("体育西路 1 号", **TIANHE))
    addresses.update_address(alice, saved.pk, entered("上海市浦东新区世纪大道 100 号"))
    saved.refresh_from_db()
    assert (saved.district, saved.street) == ("浦东新区", "世纪大道 100 号")
    addresses.update_address(alice, saved.pk, entered("小区门卫室"))
    saved.refresh_from_db()
    assert (saved.province_code, saved.address) == ("", "小区门卫室")


@pytest.mark.parametrize(
    "address, changes, field",
    [
        ("体育西路", {**TIANHE, "district_code": "110108"}, "district_code"),
        ("体育西路", {**TIANHE, "district_code": ""}, "district_code"),
        ("体育西路", {"province_code": "440000"}, "city_code"),
        ("体育西路", {"city_code": "440100"}, "province_code"),
        ("路" * 92, TIANHE, "address"),  # 9 characters of names + 92 > 100
        ("", {}, "address"),
        ("体育西路", {"postcode": "5100"}, "postcode"),
    ],
)
def test_invalid_addresses_name_the_field_and_save_nothing(alice, address, changes, field):
    with pytest.raises(ShopkitError) as raised:
        addresses.add_address(alice, entered(address, **changes))
    assert raised.value.code == ErrorCode.USERS_ADDRESS_INVALID
    assert raised.value.data["field"] == field
    assert not Address.objects.exists()


def test_division_errors_speak_chinese_by_default(alice):
    with translation.override("zh-hans"), pytest.raises(ShopkitError) as raised:
        addresses.add_address(alice, entered("体育西路", province_code="440000"))
    assert raised.value.message == "请选择城市。"


def test_the_api_object_carries_the_parts_after_the_documented_keys(alice):
    saved = addresses.add_address(alice, entered("体育西路 1 号", **TIANHE))
    shown = addresses.address_as_dict(saved)
    assert list(shown)[:7] == [
        "id", "tag", "receiver", "address", "receiver_mobile", "postcode", "is_default"
    ]  # fmt: skip
    assert shown["city_code"] == "440100" and shown["street"] == "体育西路 1 号"
