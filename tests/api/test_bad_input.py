"""Input that cannot be read (issue 15, point 1): every malformed, oversize,
wrongly typed, too deeply nested or NUL-carrying body or query gets the
module's bad-parameter code (never 500) and changes nothing stored; loose
numbers (``true``, Arabic-Indic digits) are refused; the Alipay notify answers
``failure`` for every such body; a truncated image upload is a form error.

Runs on SQLite and, in the services tier, on PostgreSQL (where a NUL byte
that reached the database would be a ``DataError``)."""

import io
import json
import os
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shopkit.cart import services as cart
from shopkit.cart.services import user_store
from shopkit.core.codes import ErrorCode
from shopkit.core.images import VerifiedImageField
from shopkit.core.tokens import issue_token
from shopkit.orders.models import Order, OrderLine
from shopkit.payments.models import Payment
from tests.fixtures.payments import ALIPAY_NOTIFY

pytestmark = pytest.mark.django_db

OVERSIZE = 3 * 1024 * 1024
ENDPOINTS = [
    ("post", "/v1/orders/processing/", ErrorCode.ORDERS_BAD_PARAMETER),
    ("post", "/v1/orders/buyer", ErrorCode.ORDERS_BAD_PARAMETER),
    ("put", "/v1/orders/buyer", ErrorCode.ORDERS_BAD_PARAMETER),
    ("post", "/v1/orders/buyer/comments", ErrorCode.ORDERS_BAD_PARAMETER),
    ("post", "/v1/goods/search", ErrorCode.GOODS_BAD_PARAMETER),
    ("post", "/v1/tokens", ErrorCode.USERS_BAD_PARAMETER),
    ("post", "/v1/carts/buyer", ErrorCode.CARTS_BAD_PARAMETER),
    ("put", "/v1/carts/buyer", ErrorCode.CARTS_BAD_PARAMETER),
]
BAD_BODIES = {
    "list": (b"[1]", "application/json"),
    "null": (b"null", "application/json"),
    "malformed-json": (b'{"username": "buyer", "q": "a",', "application/json"),
    "string": (b'"x"', "application/json"),
    "bomb-array": (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    "bomb-object": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "application/json"),
    "nested-40": (b'{"q": ' + b"[" * 40 + b"]" * 40 + b"}", "application/json"),
    "multipart-no-boundary": (b"", "multipart/form-data"),
    "multipart-no-boundary-body": (b"q=1", "multipart/form-data"),
    "oversize": (b'{"q": "' + b"a" * OVERSIZE + b'"}', "application/json"),
    "oversize-form": (b"q=" + b"a" * OVERSIZE, "application/x-www-form-urlencoded"),
    "nul-json": (
        json.dumps({"q": "a\x00b", "username": "a\x00", "password": "x\x00", "sku_id": "1\x00",
                    "order_id": "1\x00", "comments": [{"sku_id": 1, "content": "\x00"}],
                    "status": "0", "settlement_type": "1", "buy_num": "1"}).encode(),
        "application/json",
    ),
    "nul-key": (json.dumps({"a\x00": 1}).encode(), "application/json"),
    "nul-form": (b"q=a%00b&username=a%00&password=x", "application/x-www-form-urlencoded"),
}  # fmt: skip


@pytest.fixture
def stored(fruit, buyer, buyer_address, received):
    """Everything a bad request could touch, read back as one comparable value."""
    cart.add(user_store(buyer), fruit["apples"][1].pk, 2)

    def snapshot():
        return (
            list(Order.objects.order_by("pk").values_list("pk", "status")),
            list(OrderLine.objects.order_by("pk").values_list("pk", "comment", "score")),
            sorted((line.sku_id, line.count) for line in user_store(buyer).lines()),
            Payment.objects.count(),
            list(fruit["category"].skus.order_by("pk").values_list("stock", "sales")),
        )

    return snapshot


def send(client, method, path, user, body, content_type):
    # CONTENT_TYPE also for an empty body, which the test client would send without one.
    extra = {"HTTP_AUTHORIZATION": issue_token(user)} if user else {}
    return getattr(client, method)(
        path, body, content_type=content_type, CONTENT_TYPE=content_type, **extra
    )


@pytest.mark.parametrize("bad", BAD_BODIES, ids=list(BAD_BODIES))
@pytest.mark.parametrize(("method", "path", "code"), ENDPOINTS)
def test_bad_body_gets_the_modules_bad_parameter_code_and_changes_nothing(
    client, buyer, stored, method, path, code, bad
):
    before = stored()
    body, content_type = BAD_BODIES[bad]
    response = send(client, method, path, buyer, body, content_type)
    assert response.status_code == 200
    payload = response.json()
    assert payload["code"] == code, payload
    assert payload["error"] == payload["errmsg"] and payload["error"]
    assert stored() == before


@pytest.mark.parametrize(
    "path",
    [
        "/v1/goods/search?q=%00",
        "/v1/goods/search?q=a&page=%00",
        "/v1/orders/processing/?status=0&settlement_type=1&sku_id=1%00&buy_num=1",
        "/v1/orders/buyer/advance?settlement_type=1&sku_id=%00&buy_num=1",
        "/v1/orders/buyer?type=5&order_id=%00",
    ],
)
def test_nul_in_the_query_string_is_a_bad_parameter(client, buyer, stored, path):
    before = stored()
    module = path.split("/")[2]
    expected = {"goods": ErrorCode.GOODS_BAD_PARAMETER, "orders": ErrorCode.ORDERS_BAD_PARAMETER}
    response = client.get(path, HTTP_AUTHORIZATION=issue_token(buyer))
    assert response.json()["code"] == expected[module]
    assert stored() == before


def test_nul_in_the_path_is_a_bad_parameter(client, buyer):
    response = client.get("/v1/orders/bu%00yer", HTTP_AUTHORIZATION=issue_token(buyer))
    assert response.json()["code"] == ErrorCode.ORDERS_BAD_PARAMETER


@pytest.mark.parametrize("count", [True, False, "٣", "３", "3.0", 3.5, "1_0", None, [1]])
def test_cart_count_must_be_ascii_digits_or_an_integer(client, buyer, fruit, stored, count):
    before = stored()
    body = json.dumps({"sku_id": fruit["apples"][0].pk, "count": count})
    response = send(client, "post", "/v1/carts/buyer", buyer, body, "application/json")
    assert response.json()["code"] == ErrorCode.CARTS_BAD_PARAMETER
    assert stored() == before


@pytest.mark.parametrize("sku_id", [True, "٣", "١"])
def test_cart_sku_id_must_be_ascii_digits_or_an_integer(client, buyer, stored, sku_id):
    before = stored()
    body = json.dumps({"sku_id": sku_id, "count": 1})
    response = send(client, "post", "/v1/carts/buyer", buyer, body, "application/json")
    assert response.json()["code"] == ErrorCode.CARTS_BAD_PARAMETER
    assert stored() == before


def test_numeric_strings_are_still_accepted(client, buyer, fruit):
    apple = fruit["apples"][0]
    body = json.dumps({"sku_id": str(apple.pk), "count": "3"})
    payload = send(client, "post", "/v1/carts/buyer", buyer, body, "application/json").json()
    assert payload["code"] == 200
    assert [(line.sku_id, line.count) for line in user_store(buyer).lines()] == [(apple.pk, 3)]


@pytest.mark.parametrize("buy_num", [True, "٣"])
def test_buy_now_count_must_be_ascii_digits(client, buyer, fruit, stored, buy_num):
    before = stored()
    body = json.dumps({"status": "0", "settlement_type": "1", "sku_id": fruit["apples"][0].pk,
                       "buy_num": buy_num, "address_id": 1})  # fmt: skip
    response = send(client, "post", "/v1/orders/processing/", buyer, body, "application/json")
    assert response.json()["code"] == ErrorCode.ORDERS_BAD_PARAMETER
    assert stored() == before


@pytest.mark.parametrize("count", [True, "٣"])
def test_login_cart_count_must_be_ascii_digits(client, buyer, fruit, count):
    body = json.dumps({"username": "buyer", "password": "x", "cart": [{"id": 1, "count": count}]})
    response = send(client, "post", "/v1/tokens", None, body, "application/json")
    assert response.json()["code"] == ErrorCode.USERS_BAD_PARAMETER


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "The request body is not valid JSON."), ("zh-CN", "请求体不是有效的 JSON。")],
)
def test_malformed_json_says_so_not_that_fields_are_missing(
    client, content_type, language, message
):
    response = client.post(
        "/v1/tokens",
        b' {"username": "buyer", "password": "x"',
        content_type=content_type,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.json() == {
        "code": ErrorCode.USERS_BAD_PARAMETER,
        "error": message,
        "errmsg": message,
    }


FORM = "application/x-www-form-urlencoded"
NOTIFY_BODIES = {
    **BAD_BODIES,
    "nul-notify": (b"out_trade_no=1%00&trade_status=TRADE_SUCCESS", FORM),
    "not-utf8": (b"out_trade_no=\xff\xfe", FORM),
}  # fmt: skip


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("bad", NOTIFY_BODIES, ids=list(NOTIFY_BODIES))
def test_alipay_notify_answers_failure_for_every_bad_body(client, alipay, order, bad):
    body, content_type = NOTIFY_BODIES[bad]
    response = send(client, "post", ALIPAY_NOTIFY, None, body, content_type)
    assert response.status_code == 200
    assert response.content == b"failure"
    order.refresh_from_db()
    assert order.paid_at is None and not Payment.objects.filter(order=order).exists()


def truncated_png() -> bytes:
    """A PNG whose image data is cut in half inside chunks with valid CRCs:
    Pillow's ``verify()`` (all Django checks) passes it, a full decode fails."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3)).save(buffer, "PNG")
    raw, pos, out = buffer.getvalue(), 8, buffer.getvalue()[:8]
    while pos < len(raw):
        (length,) = struct.unpack(">I", raw[pos : pos + 4])
        kind, data = raw[pos + 4 : pos + 8], raw[pos + 8 : pos + 8 + length]
        data = data[: len(data) // 2] if kind == b"IDAT" else data
        out += struct.pack(">I", len(data)) + kind + data
        out += struct.pack(">I", zlib.crc32(kind + data))
        pos += 12 + length
    return out


def test_truncated_png_is_a_form_error_not_a_stored_file():
    from django.core.exceptions import ValidationError

    upload = SimpleUploadedFile("cut.png", truncated_png(), content_type="image/png")
    with pytest.raises(ValidationError):
        VerifiedImageField().clean(upload)


@pytest.mark.django_db(transaction=True)
def test_truncated_png_in_the_wagtail_admin_is_a_form_error(admin_client, fruit):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from shopkit.goods.models import SKU

    def cut(name):
        return SimpleUploadedFile(name, truncated_png(), content_type="image/png")

    data = nested_form_data(
        {
            "spu": fruit["spu"].pk, "category": fruit["category"].pk, "name": "截断",
            "price": "1.00", "market_price": "1.00", "unit": "盒", "stock": "1",
            "default_image": cut("main.png"), "images": inline_formset([{"image": cut("a.png")}]),
        }
    )  # fmt: skip
    response = admin_client.post("/cms/snippets/shopkit_goods/sku/add/", data)
    assert response.status_code == 200  # the form again, with its error
    assert not SKU.objects.filter(name="截断").exists()


@pytest.mark.django_db(transaction=True)
def test_truncated_png_in_the_django_admin_is_a_form_error(admin_client, fruit):
    from shopkit.goods.models import SKU

    data = {
        "spu": fruit["spu"].pk, "category": fruit["category"].pk, "name": "截断",
        "price": "1.00", "market_price": "1.00", "unit": "盒", "stock": "1", "sales": "0",
        "default_image": SimpleUploadedFile("m.png", truncated_png(), content_type="image/png"),
        "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = admin_client.post("/admin/shopkit_goods/sku/add/", data)
    assert response.status_code == 200
    assert not SKU.objects.filter(name="截断").exists()
