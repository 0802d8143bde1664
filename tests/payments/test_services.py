from decimal import Decimal

import pytest

from shopkit.api.callbacks import callback_urls
from shopkit.core.exceptions import ShopkitError
from shopkit.orders.models import OrderStatus
from shopkit.payments.fields import parse_amount, parse_form
from shopkit.payments.models import Payment
from shopkit.payments.providers.base import VerifiedPayment
from shopkit.payments.services import confirm_return, pay_url_for, record_verified


def test_parse_form_keeps_decoded_values_exactly():
    assert parse_form("a=x+y&b=%2B1%20&c=&sign=ab%2Fc%3D%3D") == {
        "a": "x y",
        "b": "+1 ",
        "c": "",
        "sign": "ab/c==",
    }
    assert parse_form(b"subject=%E6%B0%B4%E6%9E%9C") == {"subject": "水果"}
    assert parse_form("") == {}


@pytest.mark.parametrize("raw", ["a=1&a=2", "%ff=1", b"\xff=1", "a", "a=1&&b=2"])
def test_parse_form_rejects_ambiguous_or_broken_input(raw):
    with pytest.raises(ShopkitError) as caught:
        parse_form(raw)
    assert caught.value.code == 10500


def test_parse_form_rejects_absurd_field_counts():
    with pytest.raises(ShopkitError):
        parse_form("&".join(f"f{i}=1" for i in range(101)))


@pytest.mark.parametrize("value", ["0", "-1", "1.001", "abc", "NaN", "Infinity", "1e9", None])
def test_parse_amount_rejects_what_no_order_could_cost(value):
    with pytest.raises(ShopkitError):
        parse_amount(value)


def test_parse_amount_gives_two_places():
    assert str(parse_amount("12.5")) == "12.50"


def verified(order, amount=None, trade_no="T1", paid=True):
    return VerifiedPayment(
        order_id=order.order_id,
        amount=Decimal(amount or order.total_amount),
        trade_no=trade_no,
        paid=paid,
        raw={"trade_no": trade_no},
    )


def test_record_verified_pays_once_and_is_idempotent(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = record_verified("sandbox", verified(order))
        second = record_verified("sandbox", verified(order))
    assert first[1] is True and second[1] is False
    assert first[0].status == OrderStatus.PAID
    assert Payment.objects.get(order=order).notification == {"trade_no": "T1"}


def test_record_verified_amount_mismatch_and_unknown_order_write_nothing(order):
    with pytest.raises(ShopkitError) as caught:
        record_verified("sandbox", verified(order, amount="128.49"))
    assert caught.value.code == 10506
    order.order_id = "777"
    with pytest.raises(ShopkitError) as caught:
        record_verified("sandbox", verified(order))
    assert caught.value.code == 10503
    assert not Payment.objects.exists()


def test_unsuccessful_trade_is_not_recorded(order):
    assert record_verified("sandbox", verified(order, paid=False))[1] is False
    assert not Payment.objects.exists()


def test_second_trade_for_a_paid_order_is_refunded(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record_verified("sandbox", verified(order, trade_no="T1"))
        _, paid_now = record_verified("sandbox", verified(order, trade_no="T2"))
    assert paid_now is False
    statuses = dict(Payment.objects.values_list("trade_no", "status"))
    assert statuses == {"T1": "paid", "T2": "refunded"}


def test_pay_url_without_request_needs_the_base_url(order, settings):
    with pytest.raises(ShopkitError):
        pay_url_for(order, callback_urls(None))
    settings.SHOPKIT_PAYMENT_BASE_URL = "https://shop.example.com/"
    assert pay_url_for(order, callback_urls(None)).startswith(
        "https://shop.example.com/pay/sandbox/"
    )


def test_bad_payment_base_url_is_improperly_configured(order, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SHOPKIT_PAYMENT_BASE_URL = "shop.example.com"
    with pytest.raises(ImproperlyConfigured):
        pay_url_for(order, callback_urls(None))


def test_confirm_return_with_unknown_provider_or_forged_params(db):
    with pytest.raises(ShopkitError) as caught:
        confirm_return("nope", {})
    assert caught.value.code == 10502
    with pytest.raises(ShopkitError) as caught:
        confirm_return(None, {"sandbox": "forged"})
    assert caught.value.code == 10505


def test_sandbox_with_debug_off_fails_the_deploy_check(settings):
    from shopkit.payments.checks import check_sandbox_in_production

    settings.DEBUG = True
    assert check_sandbox_in_production() == []
    settings.DEBUG = False
    assert [message.id for message in check_sandbox_in_production()] == ["shopkit.E009"]
    settings.SHOPKIT_PAYMENT_PROVIDERS = {}
    assert check_sandbox_in_production() == []
