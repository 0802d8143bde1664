"""Events: fired after the surrounding transaction commits; an implementation
that raises is logged and never reaches the caller."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from shopkit.hookspecs.marker import hookspec

if TYPE_CHECKING:
    from django.db.models import Model


@hookspec
def shopkit_user_registered(user: Any) -> None:
    """React to a new shopper account.

    :param user: the newly created user.
    :return: ignored.

    Fires after the transaction that created the account commits.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_placed(order: Any) -> None:
    """React to a placed (still unpaid) order.

    :param order: the new order, its lines already saved. Only the order is
        passed: read its lines with ``order.lines.all()`` (committed by then).
    :return: ignored.

    Fires once per placed order, after the placement transaction commits.
    Placement writes with prepared SQL, so no ``pre_save``/``post_save`` fires
    for the order, its lines or the SKUs whose stock it took: this hook is the
    place to react to a new order.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_paid(order: Any, payment: Any) -> None:
    """React to an order becoming paid.

    :param order: the order, now paid.
    :param payment: the verified payment that paid it.
    :return: ignored.

    Fires exactly once per order, after the transaction that marked it paid
    commits, however many notifications the provider sends.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_cancelled(order: Any, reason: str) -> None:
    """React to an order being cancelled.

    :param order: the cancelled order, its stock already restored.
    :param reason: why, e.g. ``"timeout"`` or ``"shopper"``.
    :return: ignored.

    Fires exactly once per order, after the cancelling transaction commits.
    The built-in ``shopkit.default_plugins.payments`` refunds the order's
    paid payment.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_catalog_changed(instances: Iterable[Model]) -> None:
    """React to saved or deleted catalogue or banner content.

    :param instances: the model instances that were saved or deleted.
    :return: ignored.

    Fires after the transaction that changed them commits, once per
    transaction with everything it changed, whatever made the change (Django
    admin, Wagtail, API, a shell). Each instance is a copy taken when it was
    saved or deleted (a deleted one keeps its pk). The built-in
    implementations invalidate page caches, refresh the search index and
    re-render the static home page.

    .. versionadded:: 0.1
    """
