"""Signing in with a mobile number and a texted code, and binding a number: the
services, through the SMS seam (the console provider writing to a buffer)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from shopkit.accounts import phone_login, services
from shopkit.accounts.models import Shopper
from shopkit.accounts.sms.codes import CodePurpose, send_sms_code
from shopkit.accounts.validation import clean_username
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from tests.fixtures.accounts import last_sms_code

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


def test_a_number_with_an_account_signs_into_that_account(sms_outbox, alice):
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
    assert shopper.phone == NEW_PHONE and shopper.is_activated
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
    alice.is_active = False
    alice.save()
    assert refusal(sign_in, sms_outbox, "13800000001") == ErrorCode.USERS_PHONE_ACCOUNT_DISABLED
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


def test_binding_replaces_the_accounts_number(sms_outbox, alice):
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.BIND)
    phone_login.bind_phone(request_from(), alice, NEW_PHONE, code)
    assert Shopper.objects.get(user=alice).phone == NEW_PHONE


def test_binding_a_number_another_account_has_is_refused(sms_outbox, alice, bob):
    code = texted(sms_outbox, "13800000002", purpose=CodePurpose.BIND)
    taken = refusal(phone_login.bind_phone, request_from(), alice, "13800000002", code)
    assert taken == ErrorCode.USERS_PHONE_TAKEN
    assert Shopper.objects.get(user=alice).phone == "13800000001"
    assert Shopper.objects.get(user=bob).phone == "13800000002"


def test_binding_needs_a_binding_code(sms_outbox, alice):
    code = texted(sms_outbox, NEW_PHONE, purpose=CodePurpose.LOGIN)
    wrong = refusal(phone_login.bind_phone, request_from(), alice, NEW_PHONE, code)
    assert wrong == ErrorCode.USERS_SMS_CODE_INVALID
    assert Shopper.objects.get(user=alice).phone == "13800000001"


def test_a_bad_number_is_refused_before_any_code_is_checked(sms_outbox):
    bad = refusal(phone_login.user_for_phone_code, request_from(), "12345", "123456")
    assert bad == ErrorCode.USERS_PHONE_INVALID
