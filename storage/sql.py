"""Small SQL helpers the query modules share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import CursorResult, Insert, Result
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

#: What the statements a survey's turn runs are given: the ORM session of ``Database.write``
#: or the bare connection of ``Database.transaction`` (Core statements only).
Executor = AsyncSession | AsyncConnection


def dialect_name(session: Executor) -> str:
    """``"sqlite"`` or ``"postgresql"``: which database ``session`` talks to."""
    if isinstance(session, AsyncConnection):
        return session.dialect.name
    return session.get_bind().dialect.name


def dialect_insert(session: Executor, model: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """An ``INSERT`` in the session's dialect, so ``ON CONFLICT`` clauses can be added.

    Both dialects spell ``on_conflict_do_nothing`` / ``on_conflict_do_update`` and
    ``excluded`` the same way, so callers need not care which one they got.
    """
    if dialect_name(session) == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def insert_ignoring_duplicates(session: Executor, model: type[Any]) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` in the session's dialect (SQLite or PostgreSQL).

    Letting the primary key refuse a second row is what makes "once" hold under
    concurrency; a read-then-insert would not.
    """
    return dialect_insert(session, model).on_conflict_do_nothing()


def insert_per_dialect(
    table: Any, finish: Callable[[postgresql.Insert | sqlite.Insert], Insert]
) -> dict[str, Insert]:
    """``finish(INSERT INTO table)`` built once for each dialect, keyed by dialect name.

    For an ``ON CONFLICT`` clause, which each dialect builds its own way, in a statement
    run many times a second (building it afresh costs more than SQLAlchemy's cached
    compile); look the one to run up with :func:`dialect_name`.
    """
    return {
        "postgresql": finish(postgresql.insert(table)),
        "sqlite": finish(sqlite.insert(table)),
    }


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE, DELETE or INSERT touched."""
    return int(cast(CursorResult[Any], result).rowcount)
