"""The account services called directly, without HTTP."""

import pytest
from django.db import IntegrityError, transaction

from shopkit.accounts import addresses, services
from shopkit.accounts.models import Address, Shopper
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from tests.accounts.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def register(**changes):
    fields = {
        "username": "carol_01",
        "password": PASSWORD,
        "email": "carol@example.com",
        "phone": "13912345678",
        "activation_url": lambda code: f"http://shop.test/a/{code}",
    }
    return services.register_shopper(**{**fields, **changes})


def test_register_activate_and_authenticate_without_http():
    user = register()
    with pytest.raises(ShopkitError) as error:
        services.check_login_permitted(user, session=True)
    assert error.value.code == ErrorCode.USERS_NOT_ACTIVATED
    services.activate(services.make_activation_code(user))
    assert services.authenticate_shopper(None, "CAROL_01", PASSWORD) == user
    services.check_login_permitted(user, session=True)


def test_staff_without_a_shopper_row_count_as_activated(django_user_model):
    staff = django_user_model.objects.create_user("staffer", "s@example.com", PASSWORD)
    assert not Shopper.objects.filter(user=staff).exists()
    services.check_login_permitted(staff, session=True)


def test_the_database_refuses_a_second_default_address(alice):
    fields = {"receiver": "张三", "address": "北京", "receiver_mobile": "13612345678"}
    Address.objects.create(user=alice, is_default=True, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(user=alice, is_default=True, **fields)
    Address.objects.create(user=alice, is_default=True, is_deleted=True, **fields)


def test_deleting_the_only_address_leaves_no_default_and_the_next_one_is_default(alice):
    data = addresses.AddressInput("张三", "北京", "13612345678")
    first = addresses.add_address(alice, data)
    addresses.delete_address(alice, first.pk)
    assert addresses.default_address(alice) is None
    assert addresses.add_address(alice, data).is_default
