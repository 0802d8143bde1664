"""Read replicas: catalogue reads of web requests go to replicas, everything
else to the primary.

A host lists its replicas as database aliases (``SHOPKIT_READ_REPLICAS``),
installs :class:`ReplicaRouter` in ``DATABASE_ROUTERS`` and adds
:class:`shopkit.core.middleware.ReadYourWritesMiddleware`. Then:

- reads of the catalogue apps (goods, content, search text) during a request
  may go to a replica; a replica may lag, so only data every shopper sees
  alike goes there;
- every write, every read of any other app (accounts, carts, orders,
  payments, the outbox, sessions, auth), reads for update
  (``select_for_update``, ``get_or_create``) and any read inside
  ``transaction.atomic`` go to the primary;
- a shopper whose request wrote reads the primary for the rest of that
  request and, through a signed cookie, for
  ``SHOPKIT_READ_YOUR_WRITES_SECONDS`` after it (read-your-writes);
- reads outside a request (Celery tasks, management commands) go to the
  primary: a task that renders the static home page must not bake in a
  lagging replica's data.

Replicas hold the same rows as the primary, so relations between objects
loaded from either are allowed; migrations run on the primary only.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Model

from shopkit.conf import app_settings

PRIMARY = DEFAULT_DB_ALIAS
#: Apps whose rows are the same for every shopper: a replica may serve them.
CATALOGUE_APPS = frozenset({"shopkit_goods", "shopkit_content", "shopkit_search"})


@dataclass
class RequestReads:
    """What the current request may read from a replica."""

    #: The shopper wrote recently (or this request may write): primary only.
    pinned: bool
    #: This request wrote through the router.
    wrote: bool = False


_request: ContextVar[RequestReads | None] = ContextVar("shopkit_request_reads", default=None)
_forced_primary: ContextVar[bool] = ContextVar("shopkit_forced_primary", default=False)


@contextmanager
def request_reads(pinned: bool) -> Iterator[RequestReads]:
    """Mark the code inside as serving one request, pinned to the primary or not."""
    state = RequestReads(pinned=pinned)
    token = _request.set(state)
    try:
        yield state
    finally:
        _request.reset(token)


@contextmanager
def primary() -> Iterator[None]:
    """Read every model from the primary inside this block."""
    token = _forced_primary.set(True)
    try:
        yield
    finally:
        _forced_primary.reset(token)


def replicas() -> list[str]:
    """The replicas in use: none unless ``ReplicaRouter`` is installed, so a
    half-done configuration changes nothing."""
    if not any(isinstance(installed, ReplicaRouter) for installed in router.routers):
        return []
    return app_settings.READ_REPLICAS


def reading_own_writes() -> bool:
    """Whether this request belongs to a shopper pinned to the primary while
    replicas are in use: data shown to them must come from the primary, not
    from anything a replica filled (such as a shared cache entry)."""
    state = _request.get()
    return state is not None and (state.pinned or state.wrote) and bool(replicas())


def may_read_replica() -> bool:
    """Whether a catalogue read made now may go to a replica."""
    state = _request.get()
    return (
        state is not None
        and not (state.pinned or state.wrote)
        and not _forced_primary.get()
        and not connections[PRIMARY].in_atomic_block
        and bool(replicas())
    )


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry that spreads catalogue reads over
    ``SHOPKIT_READ_REPLICAS`` (see the module docstring for what goes where)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if model._meta.app_label in CATALOGUE_APPS and may_read_replica():
            return random.choice(replicas())
        # Said explicitly: left to Django, a row read from a replica would
        # send reads of its relations (an order line of a SKU) there too.
        return PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        state = _request.get()
        if state is not None:
            state.wrote = True
        # Said explicitly: left to Django, saving a row read from a replica
        # would write to the replica.
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        aliases = {PRIMARY, *replicas()}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db in replicas():
            return False
        return None
