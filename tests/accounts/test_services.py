"""The account services called directly, without HTTP."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shopkit.accounts import addresses, services
from shopkit.accounts.models import Address, Shopper
from shopkit.accounts.sms.codes import send_sms_code
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from tests.fixtures.accounts import PASSWORD, last_sms_code

pytestmark = pytest.mark.django_db


def register(phone="13912345678", sms_code=None, username="carol_01"):
    account = services.NewAccount(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.com",
        phone=phone,
        sms_code=sms_code,
    )
    return services.register_shopper(account, lambda code: f"http://shop.test/a/{code}")


def test_register_activate_and_authenticate_without_http():
    user = register()
    with pytest.raises(ShopkitError) as error:
        services.check_login_permitted(user, session=True)
    assert error.value.code == ErrorCode.USERS_NOT_ACTIVATED
    services.activate(services.make_activation_code(user))
    assert services.authenticate_shopper(None, "CAROL_01", PASSWORD) == user
    services.check_login_permitted(user, session=True)


def test_only_a_texted_code_proves_the_number_given_at_registration(sms_outbox):
    typed = Shopper.objects.get(user=register())
    assert typed.phone == "13912345678" and not typed.phone_verified
    send_sms_code("13912345679")
    code = last_sms_code(sms_outbox, "13912345679")
    texted = Shopper.objects.get(user=register("13912345679", code, username="dave_01"))
    assert texted.phone == "13912345679" and texted.phone_verified


@pytest.mark.parametrize("verified", [False, True])
def test_registering_a_number_another_account_holds_is_refused_proved_or_not(alice, verified):
    stamp = timezone.now() if verified else None
    Shopper.objects.filter(user=alice).update(phone_verified_at=stamp)
    with pytest.raises(ShopkitError) as error:
        register(phone="13800000001")
    assert error.value.code == ErrorCode.USERS_PHONE_TAKEN
    assert Shopper.objects.get(phone="13800000001").user == alice


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


def test_token_login_service_issues_a_token_and_merges_the_offline_cart(alice, fruit):
    from shopkit.cart import services as cart
    from shopkit.core.tokens import user_for_token

    apple = fruit["apples"][0]
    login = services.log_in_with_token(None, alice, [services.OfflineCartLine(apple.pk, 2)])
    assert user_for_token(login.token) == alice and login.cart_count == 1
    assert cart.selected_lines(alice) == [(apple.pk, 2)]


def test_session_login_service_refuses_before_the_session_or_the_merge(rf, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.cache import SessionStore

    user = register()
    request = rf.post("/user/login/")
    request.session, request.user = SessionStore(), AnonymousUser()
    with pytest.raises(ShopkitError) as error:
        services.log_in_session(request, user)
    assert error.value.code == ErrorCode.USERS_NOT_ACTIVATED
    assert request.user.is_anonymous and "_auth_user_id" not in request.session
    settings.SHOPKIT_SESSION_LOGIN_REQUIRES_ACTIVATION = False
    assert services.log_in_session(request, user) == 0
    assert request.user == user and request.session["_auth_user_id"] == str(user.pk)
