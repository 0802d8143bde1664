"""Signing in with a mobile number and a texted code, and binding a number: the
services, through the SMS seam (the console provider writing to a buffer);
which numbers were proved, and how staff see that in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import timezone

from shopkit.accounts import phone_login, services
from shopkit.accounts.models import Shopper
from shopkit.accounts.sms.codes import CodePurpose, send_sms_code
from shopkit.accounts.validation import clean_username
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from tests.fixtures.accounts import PASSWORD, last_sms_code

pytestmark = pytest.mark.django_db

NEW_PHONE = "13912345678"


def request_from(ip="10.0.0.1"):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def texted(outbox, phone, purpose=CodePurpose.LOGIN, ip="10.0.0.1"):
    send_sms_code(phone, ip, purpose)
    return last_sms_code(outbox, phone)


def sign_in(outbox, phone, **kwargs):
    return phone_login.user_for_phone_code(request_from(), phone, texted(outbox, phone, **kwargs))


def refusal(call, *args):
    with pytest.raises(ShopkitError) as caught:
        call(*args)
    return caught.value.code


def proved(user):
    """``user`` as if a texted code had proved its number."""
    Shopper.objects.filter(user=user).update(phone_verified_at=timezone.now())
    return user


def unproved(user):
    """``user`` as if its number had been typed in, never proved."""
    Shopper.objects.filter(user=user).update(phone_verified_at=None)
    return user


def registered_without_a_code(username, phone):
    """An account whose number was typed in, never proved (``SHOPKIT_REGISTER_REQUIRE_SMS`` off)."""
    account = services.NewAccount(
        username=username, password=PASSWORD, email=f"{username}@example.com", phone=phone
    )
    return services.register_shopper(account, lambda code: f"http://shop.test/a/{code}")


def holder(phone):
    return Shopper.objects.select_related("user").get(phone=phone)


def first_look(monkeypatch, row):
    """The services' first look at who holds a number answers ``row``, as a
    read made before a racing request committed would; later looks are real."""
    real = phone_login.phone_holder
    looks = iter([True])
    monkeypatch.setattr(
        phone_login, "phone_holder", lambda phone: row if next(looks, False) else real(phone)
    )


def test_a_proved_number_signs_into_its_account(sms_outbox, alice):
    proved(alice)
    signed_in = sign_in(sms_outbox, "13800000001")
    assert signed_in.user == alice and signed_in.created is False


def test_a_new_number_opens_an_account_without_a_password(
    sms_outbox, shopkit_plugin, settings, django_capture_on_commit_callbacks
):
    settings.SHOPKIT_SMS_CODE_INTERVAL = 0  # two codes to the number
    from shopkit import hookimpl

    registered = []

    class Listener:
        @hookimpl
        def shopkit_user_registered(self, user):
            registered.append(user)

    shopkit_plugin(Listener(), name="listener")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in = sign_in(sms_outbox, NEW_PHONE)
    user = signed_in.user
    assert signed_in.created is True
    assert clean_username(user.get_username()) == user.get_username()
    assert not user.has_usable_password() and user.is_active
    shopper = Shopper.objects.get(user=user)
    assert shopper.phone == NEW_PHONE and shopper.is_activated and shopper.phone_verified
    assert registered == [user]
    # The next sign-in with the number finds that account, nothing new.
    assert sign_in(sms_outbox, NEW_PHONE).user == user
    assert get_user_model().objects.count() == 1


def test_an_account_opened_by_sms_sets_its_first_password_without_an_old_one(sms_outbox):
    user = sign_in(sms_outbox, NEW_PHONE).user
    services.change_password(user, "", "fresh-Straw9berry", "fresh-Straw9berry")
    user.refresh_from_db()
    assert user.check_password("fresh-Straw9berry")
    # From then on the old password is checked, as for every account.
    with pytest.raises(ShopkitError) as caught:
        services.change_password(user, "", "other-Straw9berry", "other-Straw9berry")
    assert caught.value.code == ErrorCode.USERS_OLD_PASSWORD_WRONG


def test_a_deactivated_account_is_not_signed_into_nor_replaced(sms_outbox, alice):
    proved(alice)
    alice.is_active = False
    alice.save()
    assert refusal(sign_in, sms_outbox, "13800000001") == ErrorCode.USERS_PHONE_ACCOUNT_DISABLED
    assert get_user_model().objects.count() == 1
    assert holder("13800000001").user == alice


# --- numbers nobody proved ----------------------------------------------------


def test_registering_a_strangers_number_never_opens_that_account_to_its_holder(sms_outbox):
    squatter = registered_without_a_code("squatter", NEW_PHONE)
    signed_in = sign_in(sms_outbox, NEW_PHONE)  # the number's real holder
    assert signed_in.user != squatter and signed_in.created is True
    mine = holder(NEW_PHONE)
    assert mine.user == signed_in.user and mine.phone_verified
    # The squatter's account keeps its password login, not the number.
    assert Shopper.objects.get(user=squatter).phone is None
    assert services.authenticate_shopper(None, "squatter", PASSWORD) == squatter


def test_the_number_stays_with_the_account_that_proved_it(sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_INTERVAL = 0  # several codes to the number
    first = sign_in(sms_outbox, NEW_PHONE).user
    assert refusal(registered_without_a_code, "squatter", NEW_PHONE) == (
        ErrorCode.USERS_PHONE_TAKEN
    )
    again = sign_in(sms_outbox, NEW_PHONE, ip="10.0.0.3")
    assert again.user == first and again.created is False
    assert get_user_model().objects.count() == 1


def test_a_deactivated_unproved_account_does_not_keep_the_number_from_its_prover(sms_outbox):
    squatter = registered_without_a_code("squatter", NEW_PHONE)
    squatter.is_active = False
    squatter.save()
    signed_in = sign_in(sms_outbox, NEW_PHONE)
    assert signed_in.created is True and holder(NEW_PHONE).user == signed_in.user


def test_an_unproved_holder_registering_meanwhile_still_loses_the_number(sms_outbox, monkeypatch):
    squatter = registered_without_a_code("squatter", NEW_PHONE)
    # The first look misses the row, as it would before the squatter's commit:
    # creating the account then collides with the number, and the next look
    # finds the squatter.
    first_look(monkeypatch, None)
    signed_in = sign_in(sms_outbox, NEW_PHONE)
    assert signed_in.created is True and signed_in.user != squatter
    assert holder(NEW_PHONE).user == signed_in.user
    assert get_user_model().objects.count() == 2


def test_a_number_proved_meanwhile_signs_into_the_account_that_proved_it(sms_outbox, monkeypatch):
    owner = registered_without_a_code("owner", NEW_PHONE)
    first_look(monkeypatch, holder(NEW_PHONE))  # read before the owner proved the number
    proved(owner)
    signed_in = sign_in(sms_outbox, NEW_PHONE)
    assert signed_in.user == owner and signed_in.created is False
    assert holder(NEW_PHONE).user == owner
    assert get_user_model().objects.count() == 1


def test_a_wrong_code_is_refused_and_burned_after_the_attempt_limit(sms_outbox, settings, alice):
    settings.SHOPKIT_CODE_MAX_ATTEMPTS = 3
    code = texted(sms_outbox, "13800000001")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        assert (
            refusal(phone_login.user_for_phone_code, request_from(), "13800000001", wrong)
            == ErrorCode.USERS_SMS_CODE_INVALID
        )
    # The right code no longer works: it was thrown away.
    assert (
        refusal(phone_login.user_for_phone_code, request_from(), "13800000001", code)
        == ErrorCode.USERS_SMS_CODE_INVALID
    )


def test_a_code_signs_in_once(sms_outbox, alice):
    code = texted(sms_outbox, "13800000001")
    phone_login.user_for_phone_code(request_from(), "13800000001", code)
    again = refusal(phone_login.user_for_phone_code, request_from(), "13800000001", code)
    assert again == ErrorCode.USERS_SMS_CODE_INVALID


def test_an_expired_code_is_refused(sms_outbox, alice, settings):
    from shopkit.accounts import onetime
    from shopkit.core.backends import CachePurpose, required_cache

    code = texted(sms_outbox, "13800000001")
    # Expiry is the cache's timeout: drop the key as the cache would when it runs out.
    required_cache(CachePurpose.CODE).delete(
        onetime.cache_key(CodePurpose.LOGIN, "code", "13800000001")
    )
    assert (
        refusal(phone_login.user_for_phone_code, request_from(), "13800000001", code)
        == ErrorCode.USERS_SMS_CODE_INVALID
    )


@pytest.mark.parametrize("purpose", [CodePurpose.REGISTER, CodePurpose.BIND])
def test_codes_of_other_purposes_do_not_sign_in(sms_outbox, alice, purpose):
    code = texted(sms_outbox, "13800000001", purpose=purpose)
    assert (
        refusal(phone_login.user_for_phone_code, request_from(), "13800000001", code)
        == ErrorCode.USERS_SMS_CODE_INVALID
    )


def test_a_sign_in_code_does_not_register(sms_outbox, settings):
    from shopkit.accounts.sms.codes import sms_code_matches

    code = texted(sms_outbox, NEW_PHONE)
    assert not sms_code_matches(NEW_PHONE, code)
    assert not sms_code_matches(NEW_PHONE, code, CodePurpose.BIND)


def test_sending_is_limited_per_number_whatever_the_purpose(sms_outbox):
    texted(sms_outbox, NEW_PHONE)
    for purpose in CodePurpose:
        assert (
            refusal(send_sms_code, NEW_PHONE, "10.0.0.2", purpose)
            == ErrorCode.USERS_CODE_TOO_FREQUENT
        )


def test_sending_is_limited_per_client_address(sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_IP_LIMIT = 2
    texted(sms_outbox, "13900000001")
    texted(sms_outbox, "13900000002", purpose=CodePurpose.BIND)
    over = refusal(send_sms_code, "13900000003", "10.0.0.1", CodePurpose.LOGIN)
    assert over == ErrorCode.USERS_CODE_TOO_FREQUENT
    texted(sms_outbox, "13900000003", ip="10.0.0.9")  # another client still may


def test_guessing_codes_locks_the_number_and_the_client_like_passwords(sms_outbox, settings, alice):
    settings.SHOPKIT_LOGIN_FAILURE_LIMIT = 2
    code = texted(sms_outbox, "13800000001")
    wrong = "000000" if code != "000000" else "111111"
    for client in ("10.0.0.3", "10.0.0.4"):
        with pytest.raises(ShopkitError):
            phone_login.user_for_phone_code(request_from(client), "13800000001", wrong)
    locked = refusal(phone_login.user_for_phone_code, request_from("10.0.0.7"), "13800000001", code)
    assert locked == ErrorCode.USERS_LOGIN_LOCKED


def test_binding_gives_the_signed_in_account_the_number(sms_outbox, buyer, settings):
    settings.SHOPKIT_SMS_CODE_INTERVAL = 0  # two codes to the number
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.BIND)
    assert phone_login.bind_phone(request_from(), buyer, NEW_PHONE, code) == NEW_PHONE
    shopper = Shopper.objects.get(user=buyer)
    # A user with no shopper row counted as activated and still does.
    assert shopper.phone == NEW_PHONE and services.is_activated(buyer)
    assert sign_in(sms_outbox, NEW_PHONE, ip="10.0.0.3").user == buyer


def test_binding_replaces_the_accounts_number_and_proves_it(sms_outbox, alice):
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.BIND)
    phone_login.bind_phone(request_from(), alice, NEW_PHONE, code)
    assert holder(NEW_PHONE).user == alice and holder(NEW_PHONE).phone_verified


def test_binding_the_accounts_own_unproved_number_proves_it(sms_outbox, settings):
    settings.SHOPKIT_SMS_CODE_INTERVAL = 0  # two codes to the number
    owner = registered_without_a_code("owner", NEW_PHONE)
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.BIND)
    phone_login.bind_phone(request_from(), owner, NEW_PHONE, code)
    assert holder(NEW_PHONE).user == owner and holder(NEW_PHONE).phone_verified
    # From then on SMS sign-in opens that account.
    assert sign_in(sms_outbox, NEW_PHONE, ip="10.0.0.3").user == owner


def test_binding_a_number_another_account_proved_is_refused(sms_outbox, alice, bob):
    proved(bob)
    code = texted(sms_outbox, "13800000002", purpose=CodePurpose.BIND)
    taken = refusal(phone_login.bind_phone, request_from(), alice, "13800000002", code)
    assert taken == ErrorCode.USERS_PHONE_TAKEN
    assert Shopper.objects.get(user=alice).phone == "13800000001"
    assert holder("13800000002").user == bob


def test_binding_a_number_another_account_never_proved_moves_it_to_the_prover(sms_outbox, alice):
    squatter = registered_without_a_code("squatter", NEW_PHONE)
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.BIND)
    assert phone_login.bind_phone(request_from(), alice, NEW_PHONE, code) == NEW_PHONE
    assert holder(NEW_PHONE).user == alice and holder(NEW_PHONE).phone_verified
    assert Shopper.objects.get(user=squatter).phone is None


def test_binding_a_number_proved_meanwhile_is_refused(sms_outbox, alice, monkeypatch):
    owner = registered_without_a_code("owner", NEW_PHONE)
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.BIND)
    first_look(monkeypatch, holder(NEW_PHONE))  # read before the owner proved it
    proved(owner)
    taken = refusal(phone_login.bind_phone, request_from(), alice, NEW_PHONE, code)
    assert taken == ErrorCode.USERS_PHONE_TAKEN
    assert holder(NEW_PHONE).user == owner
    assert Shopper.objects.get(user=alice).phone == "13800000001"


def test_binding_needs_a_binding_code(sms_outbox, alice):
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.LOGIN)
    wrong = refusal(phone_login.bind_phone, request_from(), alice, NEW_PHONE, code)
    assert wrong == ErrorCode.USERS_SMS_CODE_INVALID
    assert Shopper.objects.get(user=alice).phone == "13800000001"


def test_a_bad_number_is_refused_before_any_code_is_checked(sms_outbox):
    bad = refusal(phone_login.user_for_phone_code, request_from(), "12345", "123456")
    assert bad == ErrorCode.USERS_PHONE_INVALID


# --- what staff see -----------------------------------------------------------


def shopper_change(admin_client, shopper, phone):
    path = f"/admin/shopkit_accounts/shopper/{shopper.pk}/change/"
    return admin_client.post(path, {"user": shopper.user_id, "phone": phone})


def test_the_shopper_list_shows_when_each_number_was_proved(admin_client, alice, bob):
    proved(alice)
    unproved(bob)
    page = admin_client.get("/admin/shopkit_accounts/shopper/").content.decode()
    assert "column-phone_verified_at" in page
    proved_only = admin_client.get(
        "/admin/shopkit_accounts/shopper/", {"phone_verified_at__isempty": "0"}
    )
    assert [row.user for row in proved_only.context["cl"].result_list] == [alice]


def test_a_number_staff_type_in_is_unproved_until_the_shopper_proves_it(admin_client, alice):
    shopper = Shopper.objects.get(user=proved(alice))
    assert shopper_change(admin_client, shopper, "13800000001").status_code == 302
    assert holder("13800000001").phone_verified  # saved unchanged: still proved
    assert shopper_change(admin_client, shopper, NEW_PHONE).status_code == 302
    assert holder(NEW_PHONE).user == alice and not holder(NEW_PHONE).phone_verified
