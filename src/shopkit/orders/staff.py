"""What staff may do to orders, for both admins (Django's and Wagtail's).

Staff never add, edit or delete an order: checkout creates it and its
lines, the payment app records its payments, and every change of status is
a lifecycle service (``shopkit.orders.lifecycle``) that the state machine
guards and the order's history records. The two staff actions here — ship
and refund — are those services, behind a permission each, with the
messages both admins show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shopkit.core.exceptions import ShopkitError
from shopkit.orders import lifecycle
from shopkit.orders.models import Order, OrderStatus

#: ``(level, text)`` for ``django.contrib.messages``.
Message = tuple[int, str]


@dataclass(frozen=True)
class StaffAction:
    name: str
    label: Promise
    #: The permission codename on ``Order`` a user needs (``Meta.permissions``).
    codename: str
    #: The statuses the action starts from; any other is refused.
    sources: tuple[OrderStatus, ...]
    run: Callable[..., Order]
    confirm: Promise
    done: Callable[[int], str]
    refused: Callable[[int, str], str]

    @property
    def permission(self) -> str:
        return f"{Order._meta.app_label}.{self.codename}"

    def allowed(self, user: AbstractBaseUser) -> bool:
        return user.has_perm(self.permission)

    def applies_to(self, order: Order) -> bool:
        return order.status in self.sources


SHIP = StaffAction(
    name="ship",
    label=_("Ship"),
    codename="ship_order",
    sources=(OrderStatus.PAID,),
    run=lifecycle.ship,
    confirm=_("Mark this order as shipped? The shopper will see it as shipped."),
    done=lambda n: (
        ngettext("%(count)d order shipped.", "%(count)d orders shipped.", n) % {"count": n}
    ),
    refused=lambda n, ids: (
        ngettext(
            "Not shipped: %(orders)s. Only paid orders awaiting shipment can be shipped.",
            "Not shipped: %(orders)s. Only paid orders awaiting shipment can be shipped.",
            n,
        )
        % {"orders": ids}
    ),
)

REFUND = StaffAction(
    name="refund",
    label=_("Refund"),
    codename="refund_order",
    sources=(OrderStatus.PAID,),
    run=lifecycle.refund,
    confirm=_(
        "Cancel this order and refund its payment? Its stock goes back on sale. "
        "This cannot be undone."
    ),
    done=lambda n: (
        ngettext(
            "%(count)d order cancelled; its payment is being refunded.",
            "%(count)d orders cancelled; their payments are being refunded.",
            n,
        )
        % {"count": n}
    ),
    refused=lambda n, ids: (
        ngettext(
            "Not refunded: %(orders)s. Only paid orders that have not shipped can be refunded.",
            "Not refunded: %(orders)s. Only paid orders that have not shipped can be refunded.",
            n,
        )
        % {"orders": ids}
    ),
)

ACTIONS: dict[str, StaffAction] = {action.name: action for action in (SHIP, REFUND)}


def perform(action: StaffAction, order_ids: Iterable[str], user: AbstractBaseUser) -> list[Message]:
    """Run ``action`` on each order for ``user``; the messages to show.

    Raises ``PermissionDenied`` unless ``user`` has the action's permission.
    An order in a status the action does not start from (or moved by someone
    else meanwhile) is left as it was and named in a warning.
    """
    if not action.allowed(user):
        raise PermissionDenied
    done, refused = 0, []
    for order_id in order_ids:
        try:
            action.run(order_id, by=user)
        except ShopkitError:
            refused.append(order_id)
        else:
            done += 1
    report: list[Message] = []
    if done:
        report.append((messages.SUCCESS, action.done(done)))
    if refused:
        report.append((messages.WARNING, action.refused(len(refused), ", ".join(refused))))
    return report
