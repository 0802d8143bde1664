"""Every lifecycle step announces itself exactly once, after commit: never for
work a rolled-back savepoint undid, never again for a repeated call."""

import json

import pytest
from django.db import transaction

from shopkit import hookimpl
from shopkit.accounts import onetime, services
from shopkit.cart import services as cart
from shopkit.core.codes import ErrorCode
from shopkit.core.exceptions import ShopkitError
from shopkit.core.tokens import issue_token
from shopkit.orders.comments import CommentInput, comment_order
from shopkit.orders.lifecycle import confirm_receipt, ship
from shopkit.orders.models import OrderStatus
from shopkit.orders.states import apply_transition
from shopkit.payments.models import Payment, PaymentStatus
from shopkit.payments.providers.base import PaymentProvider
from shopkit.payments.services import perform_refund
from tests.fixtures.accounts import PASSWORD, make_shopper
from tests.fixtures.orders import make_order

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "n3w-Passw0rd!"


class Recorder:
    """Every lifecycle event it hears, as ``(hook name, arguments...)``."""

    def __init__(self):
        self.heard = []

    @hookimpl
    def shopkit_user_activated(self, user):
        self.heard.append(("shopkit_user_activated", user))

    @hookimpl
    def shopkit_password_changed(self, user, how):
        self.heard.append(("shopkit_password_changed", user, how))

    @hookimpl
    def shopkit_cart_merged(self, user, lines):
        self.heard.append(("shopkit_cart_merged", user, list(lines)))

    @hookimpl
    def shopkit_order_shipped(self, order):
        self.heard.append(("shopkit_order_shipped", order.pk, order.status))

    @hookimpl
    def shopkit_order_received(self, order):
        self.heard.append(("shopkit_order_received", order.pk, order.status))

    @hookimpl
    def shopkit_comment_posted(self, order, line):
        self.heard.append(("shopkit_comment_posted", order.pk, line.sku_id, line.comment))

    @hookimpl
    def shopkit_order_completed(self, order):
        self.heard.append(("shopkit_order_completed", order.pk, order.status))

    @hookimpl
    def shopkit_order_refunded(self, order, payment):
        self.heard.append(("shopkit_order_refunded", order.pk, payment.pk, payment.status))

    @hookimpl
    def shopkit_order_refund_failed(self, order, payment, error, final):
        self.heard.append(("shopkit_order_refund_failed", order.pk, payment.pk, error.code, final))


@pytest.fixture
def recorder(shopkit_plugin):
    return shopkit_plugin(Recorder(), name="lifecycle-recorder")


class RolledBack(Exception):
    pass


@pytest.fixture
def committed(recorder, django_capture_on_commit_callbacks):
    """Run a call as if its transaction committed: its on-commit callbacks run
    after it returns, and nothing is heard before they do."""

    def run(action, *args, **kwargs):
        heard_before = list(recorder.heard)
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
            assert recorder.heard == heard_before, "heard before commit"
        return result

    return run


@pytest.fixture
def rolled_back(recorder, django_capture_on_commit_callbacks):
    """Run a call in a savepoint that rolls back, then let what is left commit."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RolledBack), transaction.atomic():
                action(*args, **kwargs)
                raise RolledBack

    return run


def refused(action, *args, code):
    with pytest.raises(ShopkitError) as caught:
        action(*args)
    assert caught.value.code == code


# --- accounts -------------------------------------------------------------------


def test_user_activated_fires_once_for_the_first_activation(recorder, committed, rolled_back):
    user = make_shopper("carol", phone="13800000003", activated=False)
    code = services.make_activation_code(user)
    rolled_back(services.activate, code)
    assert recorder.heard == []
    committed(services.activate, code)
    committed(services.activate, code)  # already active: nothing changes
    assert recorder.heard == [("shopkit_user_activated", user)]


def test_password_changed_fires_for_a_change_and_a_reset(alice, recorder, committed, rolled_back):
    rolled_back(services.change_password, alice, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    assert recorder.heard == []
    alice.refresh_from_db()  # set_password changed the instance, the rollback only the row
    committed(services.change_password, alice, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    wrong_old = (alice, PASSWORD, "x-Passw0rd!", "x-Passw0rd!")
    refused(services.change_password, *wrong_old, code=ErrorCode.USERS_OLD_PASSWORD_WRONG)
    onetime.grant(services.RESET_PURPOSE, "alice@example.com", 60)
    committed(services.reset_password, "alice@example.com", PASSWORD, PASSWORD)
    # The verification is used up.
    reset_again = ("alice@example.com", PASSWORD, PASSWORD)
    refused(services.reset_password, *reset_again, code=ErrorCode.USERS_RESET_NOT_VERIFIED)
    assert recorder.heard == [
        ("shopkit_password_changed", alice, "change"),
        ("shopkit_password_changed", alice, "reset"),
    ]


def post_json(client, path, body, **extra):
    return client.post(path, json.dumps(body), content_type="application/json", **extra).json()


def test_password_changed_fires_from_the_api_and_the_storefront(client, alice, recorder, committed):
    body = {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    token = issue_token(alice)
    answer = committed(
        post_json, client, "/v1/users/alice/password", body, HTTP_AUTHORIZATION=token
    )
    assert answer["code"] == 200
    onetime.grant(services.RESET_PURPOSE, "alice@example.com", 60)
    reset = {"email": "alice@example.com", "password1": PASSWORD, "password2": PASSWORD}
    assert committed(post_json, client, "/v1/users/password/new", reset)["code"] == 200
    alice.refresh_from_db()  # the session is bound to the current password
    client.force_login(alice)
    form = {"old_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert committed(client.post, "/user/password/", form).status_code == 302
    assert [event[2] for event in recorder.heard] == ["change", "reset", "change"]


# --- cart -----------------------------------------------------------------------


def test_cart_merged_fires_for_a_session_login_with_a_cookie_cart(
    client, alice, fruit, recorder, committed
):
    apple = fruit["apples"][0]
    client.post("/cart/add", {"sku_id": apple.pk, "count": 2}, HTTP_ACCEPT="application/json")
    login = {"username": "alice", "password": PASSWORD}
    assert committed(client.post, "/user/login/", login).status_code == 302
    client.logout()
    committed(client.post, "/user/login/", login)  # the cookie cart was emptied
    assert recorder.heard == [("shopkit_cart_merged", alice, [(apple.pk, 2)])]


def test_cart_merged_fires_for_an_offline_cart_sent_with_a_token_login(
    client, alice, fruit, recorder, committed, rolled_back
):
    berry = fruit["berries"]["500g"]
    rolled_back(cart.merge_offline_cart, alice, [(berry.pk, 1)])
    assert recorder.heard == []
    body = {"username": "alice", "password": PASSWORD, "cart": [{"id": berry.pk, "count": 3}]}
    assert committed(post_json, client, "/v1/tokens", body)["code"] == 200
    body["cart"] = []
    committed(post_json, client, "/v1/tokens", body)  # nothing to merge
    assert recorder.heard == [("shopkit_cart_merged", alice, [(berry.pk, 3)])]


# --- orders ---------------------------------------------------------------------


@pytest.fixture
def paid(buyer):
    order = make_order(buyer)
    apply_transition(order.pk, "pay")
    return order


def test_order_shipped_fires_once(paid, recorder, committed, rolled_back):
    rolled_back(ship, paid.pk)
    assert recorder.heard == []
    committed(ship, paid.pk)
    refused(ship, paid.pk, code=ErrorCode.ORDERS_ILLEGAL_TRANSITION)
    assert recorder.heard == [("shopkit_order_shipped", paid.pk, OrderStatus.SHIPPED)]


def test_order_received_fires_once(buyer, paid, recorder, committed, rolled_back):
    ship(paid.pk)
    recorder.heard.clear()
    rolled_back(confirm_receipt, buyer, paid.pk)
    assert recorder.heard == []
    committed(confirm_receipt, buyer, paid.pk)
    refused(confirm_receipt, buyer, paid.pk, code=ErrorCode.ORDERS_ILLEGAL_TRANSITION)
    assert recorder.heard == [("shopkit_order_received", paid.pk, OrderStatus.RECEIVED)]


def comment(line, text):
    return CommentInput(line.sku_id, text, 5, False)


def test_each_comment_is_posted_once_and_the_last_completes_the_order(
    buyer, received, recorder, committed, rolled_back
):
    first, second = received.lines.order_by("pk")
    rolled_back(comment_order, buyer, received.pk, [comment(first, "甜"), comment(second, "脆")])
    assert recorder.heard == []
    committed(comment_order, buyer, received.pk, [comment(first, "甜")])
    assert recorder.heard == [("shopkit_comment_posted", received.pk, first.sku_id, "甜")]
    committed(comment_order, buyer, received.pk, [comment(second, "脆")])
    again = (buyer, received.pk, [comment(second, "again")])
    refused(comment_order, *again, code=ErrorCode.ORDERS_NOT_COMMENTABLE)
    assert recorder.heard[1:] == [
        ("shopkit_comment_posted", received.pk, second.sku_id, "脆"),
        ("shopkit_order_completed", received.pk, OrderStatus.COMPLETED),
    ]


# --- payments -------------------------------------------------------------------


class RefusingProvider(PaymentProvider):
    """A provider whose refunds are always refused."""

    def refund(self, payment, reason):
        raise ShopkitError(ErrorCode.PAYS_REFUND_FAILED, "the gateway said no")


class RefusingPlugin:
    @hookimpl
    def shopkit_payment_providers(self):
        return [RefusingProvider(name="refusing")]


def refunding(order, provider):
    return Payment.objects.create(
        order=order,
        provider=provider,
        amount=order.total_amount,
        trade_no=f"T-{provider}",
        status=PaymentStatus.REFUNDING,
        refund_reason="order cancelled: staff",
    )


def test_order_refunded_fires_once_when_the_provider_refunded(
    order, recorder, committed, rolled_back
):
    payment = refunding(order, "sandbox")
    rolled_back(perform_refund, payment.pk)
    assert recorder.heard == []
    assert committed(perform_refund, payment.pk) is True
    assert committed(perform_refund, payment.pk) is False  # already refunded
    assert recorder.heard == [
        ("shopkit_order_refunded", order.pk, payment.pk, PaymentStatus.REFUNDED)
    ]


def test_order_refund_failed_fires_for_each_refused_attempt_and_says_the_last(
    order, recorder, committed, shopkit_plugin, settings, django_capture_on_commit_callbacks
):
    settings.SHOPKIT_REFUND_MAX_ATTEMPTS = 2
    shopkit_plugin(RefusingPlugin(), name="refusing")
    payment = refunding(order, "refusing")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ShopkitError), transaction.atomic():
            perform_refund(payment.pk)
    assert recorder.heard == []
    for _attempt in range(2):
        with pytest.raises(ShopkitError):
            committed(perform_refund, payment.pk)
    refused_code = ErrorCode.PAYS_REFUND_FAILED
    assert recorder.heard == [
        ("shopkit_order_refund_failed", order.pk, payment.pk, refused_code, False),
        ("shopkit_order_refund_failed", order.pk, payment.pk, refused_code, True),
    ]
