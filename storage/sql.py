"""Two small SQL helpers the query modules share."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Insert, Result
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring_duplicates(session: AsyncSession, model: type[Any]) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` in the session's dialect (SQLite or PostgreSQL).

    Letting the primary key refuse a second row is what makes "once" hold under
    concurrency; a read-then-insert would not.
    """
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert(model).on_conflict_do_nothing()
    return sqlite_insert(model).on_conflict_do_nothing()


def rowcount(result: Result[Any]) -> int:
    """How many rows an UPDATE, DELETE or INSERT touched."""
    return int(cast(CursorResult[Any], result).rowcount)
