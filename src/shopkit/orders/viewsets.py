"""Orders in the Wagtail admin: list, inspect, ship and refund — nothing else.

The viewset serves no add, edit, delete, copy or history URL, and its
permission policy refuses those actions to everyone, superusers included, so
no button for them appears anywhere. Ship and refund need the model
permissions ``shopkit_orders.ship_order`` and ``shopkit_orders.refund_order``;
listing and inspecting need ``view_order``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.admin_url_finder import NullAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from shopkit.core.times import shop_time, shop_time_display
from shopkit.orders.models import Order
from shopkit.orders.staff import ACTIONS, StaffAction, perform

URL_NAMESPACE = "shopkit_orders_admin"

#: Wagtail's generic actions an order never takes in the admin.
NEVER = frozenset({"add", "change", "delete"})


class OrderPermissionPolicy(ModelPermissionPolicy):
    """``view``, ``ship`` and ``refund`` as the user's model permissions say;
    ``add``, ``change`` and ``delete`` for nobody: checkout creates orders and
    only the lifecycle services change them."""

    def user_has_permission(self, user: AbstractBaseUser, action: str) -> bool:
        return action not in NEVER and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions: Any) -> QuerySet:
        return super().users_with_any_permission(set(actions) - NEVER)


class OrderFilterSet(WagtailFilterSet):
    # ?created_from=2026-12-01&created_to=2026-12-06, both days included.
    created = django_filters.DateFromToRangeFilter(label=_("created"), widget=DateRangePickerWidget)

    class Meta:
        model = Order
        fields = ["status", "created"]


class OrderInspectView(InspectView):
    template_name = "shopkit/orders/staff/inspect.html"

    def get_object(self, queryset: QuerySet | None = None) -> Order:
        return get_object_or_404(
            Order.objects.select_related("user").prefetch_related(
                "lines", "payments", "history__actor"
            ),
            pk=str(self.pk),
        )

    def get_field_display_value(self, field_name: str, field: Any) -> Any:
        value = super().get_field_display_value(field_name, field)
        # Wagtail's inspect template localizes values before the template
        # could convert them to the shop's time zone, so convert here.
        if isinstance(value, datetime):
            return shop_time(value)
        return "-" if value in (None, "") else value

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, order = self.request.user, self.object
        context["staff_actions"] = [
            {
                "label": action.label,
                "url": reverse(f"{URL_NAMESPACE}:{name}", args=[order.pk]),
            }
            for name, action in ACTIONS.items()
            if action.allowed(user) and action.applies_to(order)
        ]
        return context


class OrderActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET asks staff to confirm; POST (with the CSRF token) runs the action
    through :func:`shopkit.orders.staff.perform` and returns to the order."""

    model = Order
    action: StaffAction | None = None
    inspect_url_name: str | None = None
    index_url_name: str | None = None
    template_name = "shopkit/orders/staff/confirm.html"
    http_method_names = ["get", "post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A 403, not Wagtail's redirect home: the action did not happen.
        if not self.user_has_permission(self.action.name):
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Order, pk=str(kwargs["pk"]))

    def get_page_title(self) -> str:
        return str(self.action.label)

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": Order._meta.verbose_name_plural},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def inspect_url(self) -> str:
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            object=self.object, action=self.action, inspect_url=self.inspect_url, **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        for level, text in perform(self.action, [self.object.pk], request.user):
            messages.add_message(request, level, text)
        return HttpResponseRedirect(self.inspect_url)


class OrderViewSet(ModelViewSet):
    model = Order
    url_prefix = "orders"
    url_namespace = URL_NAMESPACE
    icon = "clipboard-list"
    menu_label = _("Orders")
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    copy_view_enabled = False
    url_finder_class = NullAdminURLFinder  # no order has an edit page to find
    list_display = [
        "order_id", "user", "status", "total_amount",
        Column("created", label=_("created"), sort_key="created",
               accessor=shop_time_display("created", _("created"))),
        Column("paid_at", label=_("paid at"), sort_key="paid_at",
               accessor=shop_time_display("paid_at", _("paid at"))),
    ]  # fmt: skip
    filterset_class = OrderFilterSet
    search_fields = ["order_id", "user__username", "receiver", "receiver_mobile"]
    search_backend_name = None  # plain ORM search: orders are not in the search index
    ordering = ["-created"]
    list_per_page = 30
    inspect_view_fields = [
        "order_id", "user", "status", "cancel_reason", "total_count", "goods_amount", "freight",
        "total_amount", "payment_provider", "created", "paid_at", "shipped_at", "received_at",
    ]  # fmt: skip

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # No URL of these exists, so no view may link to one.
        absent = ["add", "edit", "delete", "history", "usage"]
        return super().get_common_view_kwargs(
            **{f"{name}_url_name": None for name in absent}, **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_inspect_view_kwargs(fields=self.inspect_view_fields, **kwargs)

    def action_view(self, action: StaffAction) -> Any:
        return self.construct_view(
            OrderActionView, action=action, inspect_url_name=self.get_url_name("inspect")
        )

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            *(
                path(f"{name}/<str:pk>/", self.action_view(action), name=name)
                for name, action in ACTIONS.items()
            ),
        ]

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        codenames = ["view_order", *(action.codename for action in ACTIONS.values())]
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Order), codename__in=codenames
        )
