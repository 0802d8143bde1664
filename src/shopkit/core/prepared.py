"""Statements built once and only bound per call, for the checkout's hot path.

Django's ORM builds every statement anew. For the short statements of a
checkout that costs the web worker about four times what the database spends
running them, and on a shop's few cores that CPU is the order rate
(``docs/orders.md``, Benchmark). These helpers build the SQL text once per
model, database and shape from the model's own table and column names, and
convert values both ways with the fields' own methods, so a row reads and
writes exactly as through the ORM.

They skip what the ORM adds around a statement: model signals, and reading
back generated keys after an insert. Use them only for models without save
signals, where the caller does not need the new rows' auto keys.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

Converter = Callable[[Any], Any]


def insert(objs: Sequence[Model]) -> None:
    """``INSERT`` ``objs`` (all of one model) in one statement, as ``bulk_create``
    would, filling ``auto_now``/``auto_now_add`` and defaults the same way."""
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = _insert_fields(model)
    params = [value for obj in objs for value in _db_values(obj, fields, connection)]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(model, alias, len(objs)), params)
    _mark_saved(objs, alias)


def insert_copying(
    obj: Model, source: type[Model], copied: Mapping[str, str], **where: Any
) -> bool:
    """``INSERT`` ``obj`` with the fields named by ``copied`` (``{obj field: source
    field}``) copied in the same statement from the one ``source`` row whose
    columns equal ``where`` (attribute names), and set them on ``obj``.
    ``False``, with nothing written, when no row matches."""
    model = type(obj)
    alias = router.db_for_write(model)
    connection = connections[alias]
    own = tuple(f for f in _insert_fields(model) if f.name not in copied)
    statement = _insert_copying_sql(model, alias, source, tuple(copied.items()), tuple(where))
    with connection.cursor() as cursor:
        cursor.execute(statement, [*_db_values(obj, own, connection), *where.values()])
        row = cursor.fetchone()
    if row is None:
        return False
    copied_fields = [model._meta.get_field(name) for name in copied]
    for field, value in zip(copied_fields, convert_row(alias, copied_fields, row), strict=True):
        setattr(obj, field.attname, value)
    _mark_saved([obj], alias)
    return True


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


def _db_values(obj: Model, fields: Sequence[Field], connection: BaseDatabaseWrapper) -> list[Any]:
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]


def _mark_saved(objs: Sequence[Model], alias: str) -> None:
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
