"""Staff edit addresses in the Django admin under the same division rules."""

import pytest
from django.urls import reverse

from shopkit.accounts.models import Address

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_path():
    return reverse("admin:shopkit_accounts_address_changelist")


@pytest.fixture
def address(alice):
    return Address.objects.create(
        user=alice, receiver="张三", address="幸福小区", street="幸福小区",
        receiver_mobile="13612345678", is_default=True,
    )  # fmt: skip


def posted(address, **changes):
    return {
        "user": address.user_id,
        "receiver": address.receiver,
        "receiver_mobile": address.receiver_mobile,
        "province_code": "440000",
        "city_code": "440100",
        "district_code": "440106",
        "street": "体育西路 1 号",
        "postcode": "",
        "tag": "",
        "is_default": "on",
        **changes,
    }


def test_the_list_shows_the_parts_and_the_whole_line(admin_client, address, admin_path):
    page = admin_client.get(admin_path).content.decode()
    assert "幸福小区" in page and "column-province" in page


def test_staff_set_codes_and_the_names_and_line_follow(admin_client, address, admin_path):
    response = admin_client.post(admin_path + f"{address.pk}/change/", posted(address))
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.address == "广东省广州市天河区体育西路 1 号"
    assert (address.city, address.district) == ("广州市", "天河区")


def test_a_district_outside_the_city_is_refused(admin_client, address, admin_path):
    response = admin_client.post(
        admin_path + f"{address.pk}/change/", posted(address, district_code="110108")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["district_code"]
    address.refresh_from_db()
    assert address.address == "幸福小区" and address.district_code == ""
