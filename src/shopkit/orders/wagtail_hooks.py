"""Staff find orders in Wagtail (``/cms/orders/``): list, inspect, ship, refund."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from shopkit.orders.models import Order
from shopkit.orders.viewsets import OrderPermissionPolicy, OrderViewSet

# Registered before Wagtail asks for it, so the default policy (which would
# offer add, change and delete) is never built for orders.
register_permission_policy(Order, OrderPermissionPolicy(Order))


@hooks.register("register_admin_viewset")
def register_order_viewset() -> OrderViewSet:
    return OrderViewSet()
