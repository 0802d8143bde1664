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
