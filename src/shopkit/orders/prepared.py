"""Statements built once and only bound per call, for the checkout's hot path.

Django's ORM builds every statement anew. For the short statements of a
checkout that costs the web worker about four times what the database spends
running them, and on a shop's few cores that CPU is the order rate
(``docs/orders.md``, Benchmark). These helpers build the SQL text once per
model, database and shape from the model's own table and column names, and
convert values both ways with the fields' own methods, so a row reads and
writes exactly as through the ORM.

They skip what the ORM adds around a statement: model signals, and reading
back generated keys after an insert. Use them only where the caller does not
need the new rows' auto keys and hosts are told that no save signal fires:
placement's ``Order`` and ``OrderLine`` rows, whose ``pre_save``/``post_save``
``docs/orders.md`` ("Model signals and events") documents as not sent, with
``shopkit_order_placed`` to use instead. ``tests/orders/test_prepared_equivalence.py``
holds placement equal to a plain-ORM placement.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model

Converter = Callable[[Any], Any]
#: SQL with ``%s`` placeholders, and its parameters.
Statement = tuple[str, list[Any]]


@dataclass
class Result:
    """What one statement of a :class:`Batch` did, filled in when the batch runs."""

    rowcount: int = -1
    rows: list[tuple[Any, ...]] = dataclasses.field(default_factory=list)


class Batch:
    """Statements sent together, in order, when the ``with`` block ends.

    Where the driver can (psycopg 3's client-side binding cursor, Django's
    default on PostgreSQL) they go in one round trip; elsewhere one by one.
    Either way every queued statement runs, so a caller checks the results
    and raises to roll the surrounding transaction back.
    """

    def __init__(self, using: str) -> None:
        self.using = using
        self.connection = connections[using]
        self._queued: list[tuple[str, list[Any], Result, Callable[[Result], None]]] = []

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *exc: object) -> None:
        if error_type is None:
            self.run()

    def execute(self, sql: str, params: list[Any]) -> Result:
        return self._queue(sql, params, lambda result: None)

    def insert(self, objs: Sequence[Model]) -> Result:
        """``INSERT`` ``objs`` (all of one model) in one statement, as
        ``bulk_create`` would, filling ``auto_now``/``auto_now_add`` and
        defaults the same way."""
        model = type(objs[0])
        fields = _insert_fields(model)
        params = [value for obj in objs for value in _db_values(obj, fields, self.connection)]
        return self._queue(
            _insert_sql(model, self.using, len(objs)),
            params,
            lambda result: _mark_saved(objs, self.using),
        )

    def insert_copying(
        self, obj: Model, source: type[Model], copied: Mapping[str, str], **where: Any
    ) -> Result:
        """``INSERT`` ``obj`` with the fields named by ``copied`` (``{obj field:
        source field}``) copied in the same statement from the one ``source``
        row whose columns equal ``where`` (attribute names), and set them on
        ``obj``. When no row matches, nothing is written: ``rowcount`` is 0."""
        model = type(obj)
        own = tuple(f for f in _insert_fields(model) if f.name not in copied)
        sql = _insert_copying_sql(model, self.using, source, tuple(copied.items()), tuple(where))
        copied_fields = [model._meta.get_field(name) for name in copied]

        def fill(result: Result) -> None:
            if result.rows:
                values = convert_row(self.using, copied_fields, result.rows[0])
                for copied_field, value in zip(copied_fields, values, strict=True):
                    setattr(obj, copied_field.attname, value)
                _mark_saved([obj], self.using)

        params = [*_db_values(obj, own, self.connection), *where.values()]
        return self._queue(sql, params, fill)

    def run(self) -> None:
        queued, self._queued = self._queued, []
        with self.connection.cursor() as cursor:
            outcomes = _execute_in_order(cursor, [(sql, params) for sql, params, _, _ in queued])
        for (_, _, result, done), (rowcount, rows) in zip(queued, outcomes, strict=True):
            result.rowcount, result.rows = rowcount, rows
            done(result)

    def _queue(self, sql: str, params: list[Any], done: Callable[[Result], None]) -> Result:
        result = Result()
        self._queued.append((sql, params, result, done))
        return result


def convert_row(alias: str, fields: Sequence[Field], row: Sequence[Any]) -> list[Any]:
    """``row`` as read by a cursor, turned into the Python values of ``fields``
    (``Decimal`` on SQLite, aware datetimes …), as the ORM's compiler does."""
    converters = _converters(connections[alias], tuple(fields))
    return [
        value if value is None else _apply(field_converters, value)
        for field_converters, value in zip(converters, row, strict=True)
    ]


def _apply(converters: Sequence[Converter], value: Any) -> Any:
    for converter in converters:
        value = converter(value)
    return value


# Keyed by the connection object: each thread has its own, and converters are
# bound to it. Bounded, because test runs open a connection per thread.
@lru_cache(maxsize=256)
def _converters(
    connection: BaseDatabaseWrapper, fields: tuple[Field, ...]
) -> list[list[Converter]]:
    result = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        result.append(
            [
                (lambda value, c=converter, col=column: c(value, col, connection))
                for converter in found
            ]
        )
    return result


@cache
def _insert_fields(model: type[Model]) -> tuple[Field, ...]:
    return tuple(f for f in model._meta.local_concrete_fields if f is not model._meta.auto_field)


@cache
def _insert_sql(model: type[Model], alias: str, rows: int) -> str:
    quote = connections[alias].ops.quote_name
    fields = _insert_fields(model)
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)}"


@cache
def _insert_copying_sql(
    model: type[Model],
    alias: str,
    source: type[Model],
    copied: tuple[tuple[str, str], ...],
    where: tuple[str, ...],
) -> str:
    """``INSERT INTO t (own…, copied…) SELECT %s…, s.copied… FROM source s
    WHERE … RETURNING copied…``."""
    quote = connections[alias].ops.quote_name
    names = dict(copied)
    own = [f for f in _insert_fields(model) if f.name not in names]
    targets = [*own, *(model._meta.get_field(name) for name in names)]
    sources = [source._meta.get_field(name) for name in names.values()]
    columns = ", ".join(quote(field.column) for field in targets)
    selected = ", ".join(["%s"] * len(own) + [f"s.{quote(field.column)}" for field in sources])
    condition = " AND ".join(f"s.{quote(source._meta.get_field(n).column)} = %s" for n in where)
    returned = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"SELECT {selected} FROM {quote(source._meta.db_table)} s WHERE {condition} "
        f"RETURNING {returned}"
    )


def _execute_in_order(
    cursor: CursorWrapper, statements: Sequence[Statement]
) -> list[tuple[int, list[tuple[Any, ...]]]]:
    """Each statement's row count and returned rows."""
    if _runs_several_at_once(cursor):
        cursor.execute(
            "; ".join(sql for sql, _ in statements),
            [value for _, params in statements for value in params],
        )
        results = [_result(cursor)]
        while cursor.nextset():
            results.append(_result(cursor))
        return results
    results = []
    for sql, params in statements:
        cursor.execute(sql, params)
        results.append(_result(cursor))
    return results


def _result(cursor: CursorWrapper) -> tuple[int, list[tuple[Any, ...]]]:
    # Rows first: SQLite counts the rows of INSERT … RETURNING as they are fetched.
    rows = cursor.fetchall() if cursor.description else []
    return cursor.rowcount, rows


def _runs_several_at_once(cursor: CursorWrapper) -> bool:
    # psycopg 3's client-side binding cursor (Django's default on PostgreSQL)
    # sends SQL through the simple query protocol, which runs several
    # statements at once and reports each one's row count. SQLite, psycopg 2
    # and server-side binding run one statement per call.
    try:
        from psycopg import ClientCursor
    except ImportError:
        return False
    return isinstance(cursor.cursor, ClientCursor)


def _db_values(obj: Model, fields: Sequence[Field], connection: BaseDatabaseWrapper) -> list[Any]:
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]


def _mark_saved(objs: Sequence[Model], alias: str) -> None:
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
