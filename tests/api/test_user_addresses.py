"""``/v1/users/<u>/address…``: CRUD, one default, soft delete, limit, ownership."""

import pytest

from shopkit.accounts.models import Address
from shopkit.core.codes import ErrorCode
from tests.fixtures.api import call

pytestmark = pytest.mark.django_db

NEW = {
    "receiver": "张三",
    "address": "北京市海淀区中关村大街 1 号",
    "receiver_phone": "13612345678",
    "postcode": "100080",
    "tag": "家",
}


def add(client, user, **changes):
    path = f"/v1/users/{user.get_username()}/address"
    return call(client, "post", path, user, {**NEW, **changes})


def test_first_address_becomes_default_and_the_list_has_the_documented_shape(client, alice):
    answer = add(client, alice)
    assert answer["code"] == 200 and answer["data"]
    [address] = answer["addresslist"]
    assert address == {
        "id": address["id"],
        "tag": "家",
        "receiver": "张三",
        "address": NEW["address"],
        "receiver_mobile": "13612345678",
        "postcode": "100080",
        "is_default": True,
        # beyond API.md's object: the parts read off the dadashop line
        "province_code": "110000",
        "province": "北京市",
        "city_code": "110100",
        "city": "市辖区",
        "district_code": "110108",
        "district": "海淀区",
        "street": "中关村大街 1 号",
    }
    second = add(client, alice, receiver="李四")["addresslist"]
    assert [a["is_default"] for a in second] == [True, False]
    listed = call(client, "get", "/v1/users/alice/address", alice)
    assert listed == {"code": 200, "addresslist": second}


def test_update_checks_the_body_id_and_keeps_an_unsent_postcode(client, alice):
    address_id = add(client, alice)["addresslist"][0]["id"]
    path = f"/v1/users/alice/address/{address_id}"
    body = {"receiver": "王五", "address": "上海", "receiver_mobile": "13712345678", "tag": "公司"}
    mismatch = call(client, "put", path, alice, {**body, "id": address_id + 1})
    assert mismatch["code"] == ErrorCode.USERS_ADDRESS_INVALID
    answer = call(client, "put", path, alice, {**body, "id": str(address_id)})
    assert answer["code"] == 200
    assert answer["addresslist"][0]["receiver"] == "王五"
    assert answer["addresslist"][0]["postcode"] == "100080"


def test_exactly_one_default_through_set_default_and_delete(client, alice):
    first = add(client, alice)["addresslist"][0]["id"]
    second = add(client, alice, receiver="李四")["addresslist"][1]["id"]
    answer = call(client, "post", "/v1/users/alice/address/default", alice, {"id": second})
    assert {a["id"]: a["is_default"] for a in answer["addresslist"]} == {
        first: False,
        second: True,
    }
    answer = call(client, "delete", f"/v1/users/alice/address/{second}", alice, {"id": second})
    assert [(a["id"], a["is_default"]) for a in answer["addresslist"]] == [(first, True)]
    assert Address.objects.get(pk=second).is_deleted  # soft delete keeps the row
    again = call(client, "delete", f"/v1/users/alice/address/{second}", alice, {"id": second})
    assert again["code"] == ErrorCode.USERS_ADDRESS_NOT_FOUND


def test_address_limit(client, alice, settings):
    settings.SHOPKIT_ADDRESS_LIMIT = 2
    add(client, alice)
    add(client, alice)
    assert add(client, alice)["code"] == ErrorCode.USERS_ADDRESS_LIMIT
    assert Address.objects.count() == 2


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"receiver": ""}, ErrorCode.USERS_ADDRESS_INVALID),
        ({"receiver": "x" * 21}, ErrorCode.USERS_ADDRESS_INVALID),
        ({"address": "  "}, ErrorCode.USERS_ADDRESS_INVALID),
        ({"postcode": "12ab56"}, ErrorCode.USERS_ADDRESS_INVALID),
        ({"tag": "t" * 11}, ErrorCode.USERS_ADDRESS_INVALID),
        ({"receiver_phone": "123"}, ErrorCode.USERS_PHONE_INVALID),
        ({"receiver": None}, ErrorCode.USERS_BAD_PARAMETER),
        ({"address": "x" * 1000}, ErrorCode.USERS_BAD_PARAMETER),
    ],
)
def test_bad_address_input_gets_its_code_and_saves_nothing(client, alice, changes, code):
    assert add(client, alice, **changes)["code"] == code
    assert not Address.objects.exists()


@pytest.mark.parametrize("address_id", ["abc", "0"])
def test_bad_path_ids(client, alice, address_id):
    answer = call(client, "put", f"/v1/users/alice/address/{address_id}", alice, NEW)
    assert answer["code"] in (ErrorCode.USERS_BAD_PARAMETER, ErrorCode.USERS_ADDRESS_NOT_FOUND)


def test_the_dadashop_add_and_edit_bodies_work_unchanged_and_free_text_stays_as_given(
    client, alice
):
    # Exactly the fields API.md lists: one concatenated line, nothing structured.
    answer = add(client, alice, address="广东省 广州市 天河区 体育西路 1 号")
    [added] = answer["addresslist"]
    assert added["address"] == "广东省广州市天河区体育西路 1 号"
    assert (added["district_code"], added["street"]) == ("440106", "体育西路 1 号")
    path = f"/v1/users/alice/address/{added['id']}"
    body = {"receiver": "王五", "address": "学校宿舍 5 号楼", "receiver_mobile": "13712345678",
            "tag": "学校", "id": added["id"]}  # fmt: skip
    [edited] = call(client, "put", path, alice, body)["addresslist"]
    assert edited["address"] == "学校宿舍 5 号楼"
    assert edited["province_code"] == edited["district_code"] == "" and edited["province"] == ""


def test_structured_fields_are_accepted_and_checked(client, alice):
    structured = {"province_code": 440000, "city_code": "440100", "district_code": "440106"}
    [added] = add(client, alice, address="体育西路 1 号", **structured)["addresslist"]
    assert (added["address"], added["city"]) == ("广东省广州市天河区体育西路 1 号", "广州市")
    wrong = add(client, alice, address="体育西路", **{**structured, "district_code": "110108"})
    assert wrong["code"] == ErrorCode.USERS_ADDRESS_INVALID
    assert wrong["field"] == "district_code"
    assert Address.objects.count() == 1


def test_divisions_list_provinces_then_children_and_may_be_cached(client, db):
    response = client.get("/v1/users/divisions")
    provinces = response.json()
    assert provinces["code"] == 200 and len(provinces["data"]) == 34
    assert provinces["data"][0] == {"code": "110000", "name": "北京市"}
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    cities = client.get("/v1/users/divisions?parent=440000").json()["data"]
    assert {"code": "440100", "name": "广州市"} in cities
    assert client.get("/v1/users/divisions?parent=441900").json() == {"code": 200, "data": []}


@pytest.mark.parametrize("parent", ["999999", "abc", "44010"])
def test_an_unknown_division_is_an_address_error(client, db, parent):
    answer = client.get(f"/v1/users/divisions?parent={parent}").json()
    assert answer["code"] == ErrorCode.USERS_ADDRESS_INVALID
    assert answer["field"] == "parent"
