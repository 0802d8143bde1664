"""Events: what happened to the shop, announced once the change is committed.

Every event is called through pluggy like any other hook, so an
implementation may be a wrapper (``wrapper=True`` or ``hookwrapper=True``)
running around the others, and ``tryfirst``/``trylast`` order them. An event
is fired after the transaction that made the change commits, at once when
there is none, and never when that transaction or a savepoint around the
change rolls back. It fires once per change: only the call that actually
moved a row announces it, never a repeated or concurrent one. An
implementation that raises is logged by the ``shopkit.plugins`` logger,
naming its plugin and the hook; the other implementations still run and the
caller never sees the exception. Slow work belongs in a Celery task queued
from the implementation.

Events are how a host reacts to orders: shopkit never saves an ``Order`` or
``OrderLine`` through ``Model.save()`` (placement writes them with prepared
SQL, ``shopkit.orders.prepared``; later changes are ``QuerySet.update()``
calls), so ``pre_save``/``post_save`` receivers on those models, and on
``SKU`` for the stock an order takes or a cancellation returns, are not
called for shopkit's writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from shopkit.hookspecs.marker import hookspec

if TYPE_CHECKING:
    from django.db.models import Model

    from shopkit.core.exceptions import ShopkitError


@hookspec
def shopkit_user_registered(user: Any) -> None:
    """React to a new shopper account.

    :param user: the newly created user, not yet activated.
    :return: ignored.

    Fires once per account, after the transaction that created it (and
    recorded its activation mail) commits; never for a refused registration.
    Registering on the storefront, through the API or by binding a login
    provider's account to a new username all fire it.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_user_activated(user: Any) -> None:
    """React to a shopper confirming their email address.

    :param user: the user whose account is now activated.
    :return: ignored.

    Fires once per account, after commit, when its activation link is first
    followed (storefront or API); following the link again, or a link for an
    address the account no longer has, fires nothing.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_password_changed(user: Any, how: str) -> None:
    """React to a shopper's new password.

    :param user: the user whose password was set.
    :param how: ``"change"`` when the shopper gave the old password (the
        storefront's password page or ``POST /v1/users/<name>/password``),
        ``"reset"`` when they set one with a mailed reset code (storefront or
        ``POST /v1/users/password/new``).
    :return: ignored.

    Fires once per new password, after it is saved and committed; a refused
    attempt (wrong old password, weak password, a reset code used up) fires
    nothing. A good place to end the shopper's other sessions or send a
    "your password was changed" mail.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_cart_merged(user: Any, lines: Sequence[tuple[int, int]]) -> None:
    """React to an anonymous cart being merged into a shopper's cart on login.

    :param user: the shopper who logged in.
    :param lines: the ``(sku_id, count)`` pairs the anonymous cart brought:
        the signed-cookie cart on a session login, or the offline cart the
        browser sent to ``POST /v1/tokens``. A SKU that is gone, unlaunched or
        sold out, and a line beyond ``SHOPKIT_CART_MAX_LINES``, was skipped;
        read the shopper's cart for the result.
    :return: ignored.

    Fires once per merge that brought at least one line, after the merge
    (and after the surrounding transaction, if any, commits): a login with
    an empty anonymous cart, or while the cart's cache is down (nothing is
    merged then), fires nothing. A login that brings both a cookie cart and
    an offline cart fires once for each.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_order_placed(order: Any) -> None:
    """React to a placed (still unpaid) order.

    :param order: the new order, every column set (number, shopper, address
        snapshot, totals, status). Only the order is passed: read its lines
        with ``order.lines.all()`` (committed by then).
    :return: ignored.

    Fires once per placed order, after the placement transaction commits;
    never for a refused placement. Placement writes with prepared SQL, so no
    ``pre_save``/``post_save`` fires for the order, its lines or the SKUs
    whose stock and sales it took, and no ``shopkit_catalog_changed``: this
    hook is the place to react to a new order.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_paid(order: Any, payment: Any) -> None:
    """React to an order becoming paid.

    :param order: the order, now paid.
    :param payment: the verified payment that paid it.
    :return: ignored.

    Fires exactly once per order, after the transaction that marked it paid
    commits, however many notifications or browser returns report the
    payment.

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_shipped(order: Any) -> None:
    """React to a paid order being shipped.

    :param order: the order, now shipped (``shipped_at`` set).
    :return: ignored.

    Fires once per order, after the transaction that marked it shipped
    commits (staff's "mark shipped" admin action, or
    ``shopkit.orders.lifecycle.ship``); shipping it again fires nothing.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_order_received(order: Any) -> None:
    """React to a shopper confirming they received an order.

    :param order: the order, now received and awaiting comments
        (``received_at`` set).
    :return: ignored.

    Fires once per order, after the transaction that marked it received
    commits (storefront or API); confirming again fires nothing.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_comment_posted(order: Any, line: Any) -> None:
    """React to a shopper's comment on one line of a received order.

    :param order: the order the line belongs to.
    :param line: the commented ``OrderLine``, with its ``comment``, ``score``,
        ``is_anonymous`` and ``commented_at``.
    :return: ignored.

    Fires once per commented line, after the transaction that saved the
    comments commits; a submission that is refused (a line already
    commented, a SKU not in the order) saves and fires nothing. When the
    last line is commented, ``shopkit_order_completed`` follows.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_order_completed(order: Any) -> None:
    """React to an order being completed (every line commented).

    :param order: the order, now completed.
    :return: ignored.

    Fires once per order, after the transaction that posted its last
    comments commits, after that transaction's ``shopkit_comment_posted``
    events.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_order_cancelled(order: Any, reason: str) -> None:
    """React to an order being cancelled.

    :param order: the cancelled order, its stock already restored.
    :param reason: why, e.g. ``"timeout"`` or ``"cancelled by shopper"``.
    :return: ignored.

    Fires exactly once per order, after the cancelling transaction commits,
    whoever else tried to cancel it at the same time. The built-in
    ``shopkit.default_plugins.payments`` refunds the order's paid payment
    (``shopkit_order_refunded`` follows once the provider has refunded it).

    .. versionadded:: 0.1
    """


@hookspec
def shopkit_order_refunded(order: Any, payment: Any) -> None:
    """React to a payment of an order being refunded by its provider.

    :param order: the order whose money went back (cancelled, or one that
        could no longer take the payment).
    :param payment: the payment, now refunded (``refunded_at`` set).
    :return: ignored.

    Fires once per payment, after the provider confirmed the refund and the
    payment was marked refunded, whichever attempt succeeded. Refunds run in
    the Celery task ``shopkit.payments.tasks.refund_payment``, so this fires
    in the worker.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_order_refund_failed(order: Any, payment: Any, error: ShopkitError, final: bool) -> None:
    """React to a provider refusing (or failing) to refund a payment.

    :param order: the order whose money should go back.
    :param payment: the payment, still ``refunding``; ``refund_attempts``
        counts this attempt.
    :param error: the ``PAYS_REFUND_FAILED`` (or ``PAYS_PROVIDER_UNKNOWN``)
        error, its ``message`` saying why.
    :param final: ``True`` when this was attempt ``SHOPKIT_REFUND_MAX_ATTEMPTS``:
        no retry follows and staff must settle the refund by hand.
    :return: ignored.

    Fires once per failed attempt, in the Celery worker running
    ``shopkit.payments.tasks.refund_payment``; ``retry_failed_refunds``
    queues the next attempt after ``SHOPKIT_REFUND_RETRY_INTERVAL``.

    .. versionadded:: 0.2
    """


@hookspec
def shopkit_catalog_changed(instances: Iterable[Model]) -> None:
    """React to saved or deleted catalogue or banner content.

    :param instances: the model instances that were saved or deleted.
    :return: ignored.

    Fires after the transaction that changed them commits, once per
    transaction with everything it changed, whatever made the change (Django
    admin, Wagtail, API, a shell); changes undone by a rolled-back savepoint
    are left out (nothing fires if none is left). Each instance is a copy
    taken when it was saved or deleted (a deleted one keeps its pk). Writes
    that skip model signals do not fire it: ``QuerySet.update()`` and
    ``bulk_create()``, and so the stock and sales moved by placing or
    cancelling an order (those invalidate the page-cache tags of their SKUs
    and categories themselves).
    The built-in ``shopkit.default_plugins.catalog`` invalidates the
    page-cache tags of the changed objects and schedules a render of the
    static home page; ``shopkit.default_plugins.search`` queues
    ``shopkit.search.tasks.refresh_search_index`` for changed SKUs, SPUs and
    categories.

    .. versionadded:: 0.1
    """
