"""Every catalogue write, whatever made it (Django admin, Wagtail, API, a
shell), announces itself through ``shopkit_catalog_changed`` after commit.

Other apps announce their own models the same way with :func:`watch` (content
does for its banners, in :mod:`shopkit.content.signals`)."""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from shopkit.plugins import fire_event

#: Where the changes of the current transaction wait for its commit.
BATCH_ATTRIBUTE = "_shopkit_catalog_changes"


def remember_previous_membership(sender: type, instance: Any, **kwargs: Any) -> None:
    """Keep the SKU's stored category and launch state, to tell whether membership changed."""
    if instance.pk is None:
        instance._shopkit_previous = None
        return
    instance._shopkit_previous = (
        sender.objects.filter(pk=instance.pk).values_list("category_id", "is_launched").first()
    )


def snapshot(instance: Any) -> Any:
    """A copy of ``instance`` as it is now, for an event that runs after commit.

    The instance itself may change before then: saved again in the same
    transaction (its remembered previous state overwritten) or deleted (Django
    sets its pk to ``None`` once every delete signal has run).
    """
    return copy.copy(instance)


def announce(instance: Any) -> None:
    """Announce a change of ``instance`` once the transaction commits.

    Changes made in one transaction are announced together, in one event, so
    a bulk edit (or loading the demo shop) re-renders the static home page
    and refreshes the search index once, not once per row.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        fire_event("shopkit_catalog_changed", instances=[snapshot(instance)])
        return
    batch = connection.__dict__.get(BATCH_ATTRIBUTE)
    if batch is None or not batch.is_pending(connection):
        # None yet, or the last one was announced or rolled back with its transaction.
        batch = connection.__dict__[BATCH_ATTRIBUTE] = CatalogBatch()
    batch.add(connection, snapshot(instance))


class CatalogBatch:
    """The catalogue changes of one transaction, announced together once it commits.

    Each change is kept by an ``on_commit`` callback of its own, registered
    where the change was made, so Django drops it with a savepoint around the
    change that rolls back. After every change the batch queues its
    announcement outside any savepoint, so the announcement queued last is
    never dropped and runs after every change's callback; it announces the
    changes kept, and the earlier ones do nothing.
    """

    def __init__(self) -> None:
        self.kept: list[Any] = []
        self.queued = 0

    def add(self, connection: Any, change: Any) -> None:
        transaction.on_commit(partial(self.keep, change))
        self.queued += 1
        # What transaction.on_commit queues outside every savepoint: no savepoint ids.
        connection.run_on_commit.append((set(), partial(self.announce, self.queued), False))

    def keep(self, change: Any) -> None:
        self.kept.append(change)

    def announce(self, number: int) -> None:
        if number == self.queued and self.kept:
            # Emptied, as tests that run the callbacks of a block early go on adding.
            instances, self.kept = self.kept, []
            fire_event("shopkit_catalog_changed", instances=instances)

    def is_pending(self, connection: Any) -> bool:
        # Searched from the end, where the batch queued its last announcement.
        return any(
            getattr(callback, "func", None) == self.announce
            for _, callback, _ in reversed(connection.run_on_commit)
        )


def announce_change(sender: type, instance: Any, **kwargs: Any) -> None:
    announce(instance)


def announce_sale_values_change(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        announce(instance)


def watch(*models: type) -> None:
    """Announce every save and delete of ``models`` (the apps that own them call this)."""
    for model in models:
        uid = f"shopkit-catalog-{model._meta.label}"
        post_save.connect(announce_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(announce_change, sender=model, dispatch_uid=f"{uid}-delete")


def connect() -> None:
    from shopkit.goods import models as goods

    pre_save.connect(
        remember_previous_membership, sender=goods.SKU, dispatch_uid="shopkit-sku-prev"
    )
    watch(
        goods.Category, goods.Brand, goods.SPU, goods.SaleAttribute, goods.SaleAttributeValue,
        goods.SpecAttribute, goods.SKU, goods.SKUImage,
    )  # fmt: skip
    m2m_changed.connect(
        announce_sale_values_change,
        sender=goods.SKU.sale_values.through,
        dispatch_uid="shopkit-sku-values",
    )
