"""Staff tools that cannot corrupt orders: in the Django admin and in Wagtail,
staff list and inspect orders and ship or refund them through the lifecycle
services, with permissions; nobody adds, edits or deletes an order there."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils.timezone import localdate

from shopkit import hookimpl
from shopkit.core.times import shop_time
from shopkit.goods.models import SKU
from shopkit.orders.models import Order, OrderHistory, OrderStatus
from shopkit.orders.placement import place_order
from shopkit.orders.states import apply_transition
from shopkit.orders.viewsets import OrderViewSet
from shopkit.payments.models import Payment, PaymentStatus
from shopkit.payments.services import get_provider

ADMIN_LIST = "/admin/shopkit_orders/order/"
CMS = "/cms/orders/"


class ShippedEvents:
    def __init__(self):
        self.shipped = []

    @hookimpl
    def shopkit_order_shipped(self, order):
        self.shipped.append((order.pk, order.status))


def staff_client(username, *codenames):
    """A client logged in as a staff member with exactly these permissions
    (``app_label.codename``), besides entering both admins."""
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw-s-12345")
    user.is_staff = True
    user.save()
    for name in ["wagtailadmin.access_admin", *codenames]:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client, user


@pytest.fixture
def viewer(db):
    return staff_client("viewer", "shopkit_orders.view_order")


@pytest.fixture
def clerk(db):
    """Staff who may view, ship and refund orders."""
    return staff_client(
        "clerk",
        "shopkit_orders.view_order",
        "shopkit_orders.ship_order",
        "shopkit_orders.refund_order",
    )


@pytest.fixture
def placed(fruit, buyer, buyer_address):
    """``buyer``'s unpaid order of two apples."""
    return place_order(buyer, buyer_address.pk, [(fruit["apples"][0].pk, 2)])


@pytest.fixture
def sandbox_paid(placed, shopper):
    """``placed``, paid through the sandbox's pay page as the shopper would."""
    start = shopper.post(f"/pay/{placed.order_id}/", {"provider": "sandbox"})
    pay_page = start["Location"]
    assert urlsplit(pay_page).path.startswith("/pay/sandbox/")
    shopper.post(pay_page, {"action": "pay"})
    placed.refresh_from_db()
    assert placed.status == OrderStatus.PAID
    return placed


@pytest.fixture
def shipped_events(shopkit_plugin):
    return shopkit_plugin(ShippedEvents(), name="shipped-events")


def status_of(order):
    return Order.objects.get(pk=order.pk).status


def page(response):
    return response.content.decode()


# --- the Django admin -----------------------------------------------------------


def test_the_django_admin_offers_no_add_and_no_delete(admin_client, placed):
    listing = page(admin_client.get(ADMIN_LIST))
    assert placed.order_id in listing
    assert f"{ADMIN_LIST}add/" not in listing and "delete_selected" not in listing
    assert admin_client.get(ADMIN_LIST + "add/").status_code == 403
    apply_transition(placed.pk, "pay")
    delete = admin_client.post(f"{ADMIN_LIST}{placed.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert Order.objects.filter(pk=placed.pk).exists()


def test_the_django_admin_shows_lines_payment_address_and_history(admin_client, sandbox_paid):
    html = page(admin_client.get(f"{ADMIN_LIST}{sandbox_paid.pk}/change/"))
    payment = Payment.objects.get(order=sandbox_paid)
    assert "苹果 0" in html  # the line
    assert payment.trade_no in html and "sandbox" in html
    assert "北京市海淀区中关村 1 号" in html and "13800138000" in html
    assert "已付款，待发货" in html
    assert 'name="_save"' not in html  # nothing to edit


def test_shipping_from_the_django_admin_goes_through_the_service_once(
    admin_client, placed, fruit, buyer, buyer_address, shipped_events,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    unpaid = place_order(buyer, buyer_address.pk, [(fruit["apples"][1].pk, 1)])
    apply_transition(placed.pk, "pay")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADMIN_LIST,
            {"action": "ship", "_selected_action": [placed.pk, unpaid.pk]},
            follow=True,
        )
    text = page(response)
    assert "已发货 1 个订单。" in text  # the shop's language (LANGUAGE_CODE zh-hans)
    assert unpaid.order_id in text
    assert status_of(placed) == OrderStatus.SHIPPED and status_of(unpaid) == OrderStatus.UNPAID
    assert shipped_events.shipped == [(placed.pk, OrderStatus.SHIPPED)]
    entry = OrderHistory.objects.get(order=placed, action="ship")
    assert entry.actor.username == "admin"


def test_refunding_from_the_django_admin_cancels_returns_stock_and_refunds(
    admin_client, sandbox_paid, fruit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADMIN_LIST, {"action": "refund", "_selected_action": [sandbox_paid.pk]}, follow=True
        )
    assert response.status_code == 200
    assert status_of(sandbox_paid) == OrderStatus.CANCELLED
    assert SKU.objects.get(pk=fruit["apples"][0].pk).stock == 100
    payment = Payment.objects.get(order=sandbox_paid)
    assert payment.status == PaymentStatus.REFUNDED
    assert payment.refund_reason == "order cancelled: refunded by staff"
    assert get_provider("sandbox").refunded(sandbox_paid.order_id)


def test_the_django_admin_refuses_to_refund_an_unpaid_order(admin_client, placed):
    response = admin_client.post(
        ADMIN_LIST, {"action": "refund", "_selected_action": [placed.pk]}, follow=True
    )
    assert placed.order_id in page(response)
    assert status_of(placed) == OrderStatus.UNPAID


def test_django_admin_actions_need_their_permission(viewer, placed):
    client, _user = viewer
    assert client.get(ADMIN_LIST).status_code == 200
    apply_transition(placed.pk, "pay")
    response = client.post(ADMIN_LIST, {"action": "ship", "_selected_action": [placed.pk]})
    assert status_of(placed) == OrderStatus.PAID
    assert response.status_code == 200  # Django admin: "No action selected."


# --- Wagtail ------------------------------------------------------------------------


def test_wagtail_lists_and_filters_orders_for_staff_who_may_view(
    viewer, placed, fruit, buyer, buyer_address
):
    client, _user = viewer
    other = place_order(buyer, buyer_address.pk, [(fruit["apples"][1].pk, 1)])
    apply_transition(other.pk, "pay")
    everything = page(client.get(CMS))
    assert placed.order_id in everything and other.order_id in everything
    paid_only = page(client.get(CMS, {"status": OrderStatus.PAID}))
    assert other.order_id in paid_only and placed.order_id not in paid_only
    later = page(client.get(CMS, {"created_from": "2099-01-01"}))
    assert placed.order_id not in later
    today = page(client.get(CMS, {"created_from": localdate().isoformat()}))
    assert placed.order_id in today
    assert f"{CMS}new/" not in everything and "/edit/" not in everything


def test_both_admin_lists_show_times_in_the_shops_zone_and_format(
    viewer, admin_client, sandbox_paid
):
    client, _user = viewer
    sandbox_paid.refresh_from_db()
    created, paid = shop_time(sandbox_paid.created), shop_time(sandbox_paid.paid_at)
    for html in (page(client.get(CMS)), page(admin_client.get(ADMIN_LIST))):
        assert created in html and paid in html
    payment = Payment.objects.get(order=sandbox_paid)
    assert shop_time(payment.created) in page(admin_client.get("/admin/shopkit_payments/payment/"))


def test_wagtail_inspect_shows_lines_payment_address_and_history(clerk, sandbox_paid):
    client, _user = clerk
    html = page(client.get(f"{CMS}inspect/{sandbox_paid.pk}/"))
    payment = Payment.objects.get(order=sandbox_paid)
    assert "苹果 0" in html and payment.trade_no in html
    assert "北京市海淀区中关村 1 号" in html and "13800138000" in html
    assert f"sandbox {payment.trade_no}" in html  # the history names the paying trade
    assert "商城" in html  # ...and no one: the shop moved it on the provider's word
    assert f"{CMS}ship/{sandbox_paid.pk}/" in html and f"{CMS}refund/{sandbox_paid.pk}/" in html


def test_wagtail_shows_no_buttons_and_answers_403_without_the_permission(viewer, placed):
    client, _user = viewer
    apply_transition(placed.pk, "pay")
    html = page(client.get(f"{CMS}inspect/{placed.pk}/"))
    assert "/ship/" not in html and "/refund/" not in html
    for action in ["ship", "refund"]:
        assert client.get(f"{CMS}{action}/{placed.pk}/").status_code == 403
        assert client.post(f"{CMS}{action}/{placed.pk}/").status_code == 403
    assert status_of(placed) == OrderStatus.PAID
    assert client.get(CMS + "new/").status_code == 404
    assert client.get(f"{CMS}edit/{placed.pk}/").status_code == 404
    assert client.post(f"{CMS}delete/{placed.pk}/").status_code == 404


def test_superusers_get_no_add_edit_or_delete_in_wagtail_either(admin_client, placed):
    html = page(admin_client.get(f"{CMS}inspect/{placed.pk}/"))
    assert "/edit/" not in html and "/delete/" not in html


def test_wagtail_ship_asks_to_confirm_then_ships_through_the_service(
    clerk, placed, shipped_events, django_capture_on_commit_callbacks
):
    client, user = clerk
    apply_transition(placed.pk, "pay")
    confirm = page(client.get(f"{CMS}ship/{placed.pk}/"))
    assert 'method="post"' in confirm and "csrfmiddlewaretoken" in confirm
    assert status_of(placed) == OrderStatus.PAID
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{CMS}ship/{placed.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"{CMS}inspect/{placed.pk}/"
    assert status_of(placed) == OrderStatus.SHIPPED
    assert shipped_events.shipped == [(placed.pk, OrderStatus.SHIPPED)]
    assert OrderHistory.objects.get(order=placed, action="ship").actor == user


def test_wagtail_needs_the_csrf_token_to_ship(clerk, placed):
    client, user = clerk
    checking = Client(enforce_csrf_checks=True)
    checking.force_login(user)
    apply_transition(placed.pk, "pay")
    assert checking.post(f"{CMS}ship/{placed.pk}/").status_code == 403
    assert status_of(placed) == OrderStatus.PAID


def test_wagtail_refunds_a_sandbox_payment(clerk, sandbox_paid, django_capture_on_commit_callbacks):
    client, _user = clerk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{CMS}refund/{sandbox_paid.pk}/", follow=True)
    assert status_of(sandbox_paid) == OrderStatus.CANCELLED
    assert Payment.objects.get(order=sandbox_paid).status == PaymentStatus.REFUNDED
    assert get_provider("sandbox").refunded(sandbox_paid.order_id)
    html = page(response)
    assert "refunded by staff" in html  # in the history


@pytest.mark.parametrize("action", ["ship", "refund"])
def test_wagtail_refuses_an_order_in_the_wrong_state_with_a_message(clerk, placed, action):
    client, _user = clerk
    response = client.post(f"{CMS}{action}/{placed.pk}/", follow=True)
    html = page(response)
    assert status_of(placed) == OrderStatus.UNPAID
    assert placed.order_id in html and "只有已付款" in html
    assert not OrderHistory.objects.filter(order=placed).exists()


def test_wagtail_answers_404_for_an_unknown_order(clerk, db):
    client, _user = clerk
    assert client.post(f"{CMS}ship/123/").status_code == 404
    assert client.get(f"{CMS}inspect/123/").status_code == 404


def test_wagtail_offers_groups_only_the_view_ship_and_refund_permissions(db):
    offered = OrderViewSet().get_permissions_to_register()
    assert sorted(offered.values_list("codename", flat=True)) == [
        "refund_order", "ship_order", "view_order",
    ]  # fmt: skip
