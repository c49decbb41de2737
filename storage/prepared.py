"""The statements a survey's turn runs, run straight on SQLite's own connection when they can.

A tap is three statements in one write transaction (remember the update, load the survey
in progress, save the answer); a start and a completion are a few more. Through
SQLAlchemy's execution each statement cost about 150 µs of CPU on SQLite — an execution
context, a result object, a greenlet to run them in, and three or four hops through the
async driver adapter — where SQLite itself takes under 10 µs. With 200 people tapping that
was the largest part of the bot's own CPU.

So a :class:`Prepared` statement is a SQLAlchemy Core statement, compiled once by
SQLAlchemy for SQLite and run on the DB-API connection under the caller's SQLAlchemy
connection: the same connection, the same transaction, the same SQL, and SQLAlchemy's own
type processors for every parameter and column (dates, UTC datetimes, JSON, booleans). It
does that only inside a write transaction of ``Database.transaction()`` on SQLite, where
:class:`storage.database._LoopWriteConnection` runs statements on the event loop's thread
anyway (holding the write lock, no statement can wait for another connection). Anywhere
else — PostgreSQL, an ORM session, a read — it runs through SQLAlchemy like any other
statement, so callers need not care which path they got.

What a prepared statement may not use, checked when it is first compiled: Python-side
column defaults that are functions (scalar ones are filled in), "expanding" ``IN``
parameters, and anything else rendered per call.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Insert, Select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import ColumnElement

from storage.sql import Executor

_Processor = Callable[[Any], Any] | None
Row = tuple[Any, ...]


_REQUIRED = object()


@dataclass(frozen=True)
class _Plan:
    """One statement compiled for SQLite with one set of parameter names."""

    sql: str
    #: Per ``?`` mark in order: the caller's parameter name (None for a value the
    #: statement carries itself), that value or ``_REQUIRED``, and the type's processor.
    binds: tuple[tuple[str | None, Any, _Processor], ...]
    #: A processor per column the statement returns (SELECT or RETURNING).
    columns: tuple[_Processor, ...]

    def parameters(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        values = []
        for key, fixed, process in self.binds:
            value = fixed if key is None else params.get(key, fixed)
            if value is _REQUIRED:
                raise InvalidRequestError(f"A value is required for bind parameter {key!r}")
            values.append(value if process is None or value is None else process(value))
        return tuple(values)

    def row(self, raw: Sequence[Any]) -> Row:
        return tuple(
            value if process is None else process(value)
            for value, process in zip(raw, self.columns, strict=True)
        )


class Prepared:
    """A Core statement to run many times, on SQLite's connection where it can be.

    ``statement`` must take all its values as parameters (``bindparam``) or literals;
    the names given at each call decide which columns an INSERT or UPDATE sets, as with
    SQLAlchemy itself.
    """

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._plans: dict[tuple[str, str, frozenset[str]], _Plan] = {}

    def _plan(self, dialect: Dialect, keys: frozenset[str]) -> _Plan:
        key = (dialect.name, dialect.paramstyle, keys)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _compile(self.statement, dialect, keys)
        return plan


def insert_per_dialect(
    table: Any, finish: Callable[[postgresql.Insert | sqlite.Insert], Insert]
) -> dict[str, Prepared]:
    """``finish(INSERT INTO table)`` prepared once for each dialect, keyed by dialect name.

    For an ``ON CONFLICT`` clause, which each dialect builds its own way; look the one to
    run up with :func:`storage.sql.dialect_name`.
    """
    return {
        "postgresql": Prepared(finish(postgresql.insert(table))),
        "sqlite": Prepared(finish(sqlite.insert(table))),
    }


def _compile(statement: Any, dialect: Dialect, keys: frozenset[str]) -> _Plan:
    compiled = cast(SQLCompiler, statement.compile(dialect=dialect, column_keys=sorted(keys)))
    if compiled.positiontup is None:
        raise ValueError("a prepared statement needs a positional paramstyle (SQLite's)")
    if compiled.literal_execute_params or compiled.post_compile_params:
        raise ValueError(f"a prepared statement cannot render per call: {compiled.string}")
    defaults: dict[str, Any] = {}
    for column in [*compiled.insert_prefetch, *compiled.update_prefetch]:
        default = column.default
        if default is None or not getattr(default, "is_scalar", False):
            raise ValueError(f"a prepared statement cannot compute {column}'s default")
        defaults[column.key] = getattr(default, "arg", None)
    binds: list[tuple[str | None, Any, _Processor]] = []
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        if bind.callable is not None:
            raise ValueError(f"a prepared statement cannot call for {name!r}'s value")
        process = _bind_processor(bind.type, dialect)
        if name in defaults and name not in keys:  # left out: the column's scalar default
            binds.append((None, defaults[name], process))
        elif bind.key in keys or (bind.required and bind.value is None):
            binds.append((bind.key, _REQUIRED, process))  # the caller's (an error if missing)
        else:
            binds.append((None, bind.value, process))  # a value the statement carries
    columns = tuple(
        _result_processor(column.type, dialect) for column in _returned_columns(statement)
    )
    return _Plan(compiled.string, tuple(binds), columns)


def _bind_processor(type_: Any, dialect: Dialect) -> _Processor:
    return cast(_Processor, type_.dialect_impl(dialect).bind_processor(dialect))


def _result_processor(type_: Any, dialect: Dialect) -> _Processor:
    return cast(_Processor, type_.dialect_impl(dialect).result_processor(dialect, None))


def _returned_columns(statement: Any) -> Sequence[ColumnElement[Any]]:
    if isinstance(statement, Select):
        return list(statement.selected_columns)
    if isinstance(statement, UpdateBase) and statement._returning:
        return list(statement.exported_columns)
    return []


def _inline(session: Executor) -> tuple[sqlite3.Connection, Dialect] | None:
    """SQLite's own connection under ``session`` and its dialect, when ``session`` is in
    a write transaction of ``Database.transaction()`` whose statements run on the loop's
    thread; else None."""
    if not isinstance(session, AsyncConnection) or session.dialect.name != "sqlite":
        return None
    connection = session.sync_connection
    if connection is None:
        return None
    # The driver says whether a write transaction is open: Database.transaction() may
    # have begun it without SQLAlchemy (storage.database._begin_straight).
    driver = getattr(connection.connection.driver_connection, "inline_connection", None)
    inline = driver() if driver is not None else None
    return None if inline is None else (inline, session.dialect)


async def fetch_first(
    session: Executor, prepared: Prepared, params: Mapping[str, Any]
) -> Row | None:
    """The first row ``prepared`` returns (a SELECT, or DML with RETURNING), or None."""
    inline = _inline(session)
    if inline is None:
        row = (await session.execute(prepared.statement, dict(params))).first()
        return None if row is None else tuple(row)
    connection, dialect = inline
    plan = prepared._plan(dialect, frozenset(params))
    with _as_sqlalchemy_errors(plan):
        rows = connection.execute(plan.sql, plan.parameters(params)).fetchall()
    return plan.row(rows[0]) if rows else None


async def run(session: Executor, prepared: Prepared, params: Mapping[str, Any]) -> int:
    """Run a statement that returns no rows; how many rows it touched (-1: not known)."""
    inline = _inline(session)
    if inline is None:
        result = await session.execute(prepared.statement, dict(params))
        # An ORM session's INSERT gives a result without a count, as a DB-API may.
        return int(getattr(result, "rowcount", -1))
    connection, dialect = inline
    plan = prepared._plan(dialect, frozenset(params))
    with _as_sqlalchemy_errors(plan):
        return connection.execute(plan.sql, plan.parameters(params)).rowcount


async def run_many(
    session: Executor, prepared: Prepared, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Run a statement once per row (an INSERT of several rows); every row has the same keys."""
    if not rows:
        return
    inline = _inline(session)
    if inline is None:
        await session.execute(prepared.statement, [dict(row) for row in rows])
        return
    connection, dialect = inline
    keys = frozenset(rows[0])
    if any(frozenset(row) != keys for row in rows):
        raise ValueError("every row of run_many must have the same keys")
    plan = prepared._plan(dialect, keys)
    with _as_sqlalchemy_errors(plan):
        connection.executemany(plan.sql, [plan.parameters(row) for row in rows])


@contextmanager
def _as_sqlalchemy_errors(plan: _Plan) -> Iterator[None]:
    """SQLite's errors as SQLAlchemy raises them (``IntegrityError``, ``OperationalError``
    …), so callers catch the same exceptions on either path; never with the parameters,
    which can hold what someone typed (redacted, but still theirs)."""
    try:
        yield
    except sqlite3.Error as error:
        raise DBAPIError.instance(
            plan.sql, None, error, sqlite3.Error, hide_parameters=True
        ) from error
