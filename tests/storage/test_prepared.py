"""``storage.prepared``: a survey's turn run straight on SQLite's connection writes and
reads exactly what SQLAlchemy's own execution does.

The same journey — redeem an invite, count the start, start a session, remember updates,
answer every question, complete — runs once in ``Database.transaction()`` (on SQLite: the
inline path) and once in ``Database.write()`` (an ORM session: SQLAlchemy's execution),
each on a fresh database. Every table then holds the same bytes, apart from the random
response id and withdrawal hash, and each side reads the other's rows back the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import storage_sample as sample
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, event, insert, select
from sqlalchemy.exc import IntegrityError, InvalidRequestError

from storage import invites, prepared, responses, sessions, updates
from storage.database import Database
from storage.sql import Executor

pytestmark = pytest.mark.asyncio

#: Columns whose values are random by design: compared by shape, not value.
_RANDOM = {
    "responses": {"id", "withdrawal_hash"},
    "answers": {"id", "response_id"},
    "story_reviews": {"answer_id"},
    "invites": {"token_hash"},
}


async def _journey(db: Database, turn: Callable[[], AbstractAsyncContextManager[Executor]]) -> str:
    """A whole survey, each step in a transaction of its own from ``turn``; the chat key."""
    async with db.write() as session:
        [token] = await invites.create_invites(
            session=session,
            survey_id=sample.SURVEY.id,
            agency="CSC",
            team="north",
            now=sample.NOW,
            expires_at=sample.NOW + timedelta(days=7),
        )
    key = db.chat_key(42)
    async with turn() as session:
        assert await updates.remember_update(session=session, update_id=1, now=sample.NOW)
        grant = await invites.redeem_invite(session=session, token=token, now=sample.NOW)
        assert grant is not None and grant.survey_id == sample.SURVEY.id
        assert grant.agency == "CSC" and grant.team == "north"
        await sessions.start_session(
            session=session,
            chat_key=key,
            survey=sample.SURVEY,
            language="en",
            state=sample.STATES[0],
            now=sample.NOW,
            invite_id=grant.invite_id,
            agency=grant.agency,
            team=grant.team,
            sealed_chat=db.seal_chat(42),
        )
    async with turn() as session:  # a used-up invite and a repeated update
        assert await invites.redeem_invite(session=session, token=token, now=sample.NOW) is None
        assert not await updates.remember_update(session=session, update_id=1, now=sample.NOW)
    for step, state in enumerate(sample.STATES[1:]):
        async with turn() as session:
            assert await updates.remember_update(
                session=session, update_id=step + 2, now=sample.NOW
            )
            current = await sessions.load_session(session=session, chat_key=key)
            assert current is not None and current.step == step
            assert await sessions.advance_session(
                session=session,
                chat_key=key,
                survey=sample.SURVEY,
                expected_step=step,
                state=state,
                now=sample.NOW + timedelta(minutes=step + 1),
            )
            # A double tap: the same step again changes nothing.
            assert not await sessions.advance_session(
                session=session,
                chat_key=key,
                survey=sample.SURVEY,
                expected_step=step,
                state=state,
                now=sample.NOW,
            )
    async with turn() as session:
        current = await sessions.load_session(session=session, chat_key=key)
        assert current is not None
        assert current.started_at == sample.NOW
        assert current.last_activity == sample.NOW + timedelta(minutes=4)
        assert current.state["answers"]["visits"] == 3
        assert sample.RAW_DETAILS["phone"] not in str(current.state)
        assert current.reminder_sent is False
        receipt = await responses.complete_survey(
            session=session,
            chat_key=key,
            completed=sample.completed(flags=("harm",)),
            today=sample.TODAY,
            secret=db.secret,
            expected_step=len(sample.STATES) - 1,
        )
        assert receipt is not None and receipt.flagged
    async with turn() as session:  # completed once: a second completion finds nothing
        assert (
            await responses.complete_survey(
                session=session,
                chat_key=key,
                completed=sample.completed(),
                today=sample.TODAY,
                secret=db.secret,
            )
            is None
        )
    return key


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table as SQLite holds it, random columns blanked."""
    with sqlite3.connect(path) as connection:
        names = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        tables = {}
        for name in names:
            cursor = connection.execute(f'SELECT * FROM "{name}" ORDER BY 1')
            columns = [d[0] for d in cursor.description]
            blank = _RANDOM.get(name, set())
            tables[name] = sorted(
                tuple(
                    ("<random>", len(v) if isinstance(v, str) else type(v).__name__)
                    if c in blank and v is not None
                    else v
                    for c, v in zip(columns, row, strict=True)
                )
                for row in cursor
            )
    return tables


@pytest.fixture
async def two_databases(tmp_path: Path, secret: str) -> AsyncIterator[tuple[Database, Database]]:
    inline = Database(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}", secret=secret)
    through = Database(f"sqlite+aiosqlite:///{tmp_path / 'orm.db'}", secret=secret)
    for db in (inline, through):
        await db.upgrade()
    try:
        yield inline, through
    finally:
        await inline.dispose()
        await through.dispose()


def _count_sqlalchemy_statements(db: Database) -> list[str]:
    seen: list[str] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    return seen


async def test_inline_and_sqlalchemy_write_the_same_rows(
    two_databases: tuple[Database, Database], tmp_path: Path
) -> None:
    inline, through = two_databases
    through_sqlalchemy = _count_sqlalchemy_statements(through)
    run_inline = _count_sqlalchemy_statements(inline)
    await _journey(inline, inline.transaction)
    await _journey(through, through.write)
    inline_tables, orm_tables = _tables(tmp_path / "inline.db"), _tables(tmp_path / "orm.db")
    assert inline_tables["answers"] and inline_tables["responses"]
    assert inline_tables["story_reviews"] and inline_tables["survey_starts"]
    assert inline_tables == orm_tables
    # The inline side really took the inline path: through SQLAlchemy it ran only the
    # invite's creation (an ORM session) and each transaction's BEGIN IMMEDIATE.
    setup = ("BEGIN", "INSERT INTO invites", "INSERT INTO agencies")
    assert not [s for s in run_inline if not s.startswith(setup)]
    assert any(s.startswith("UPDATE survey_sessions") for s in through_sqlalchemy)


async def test_each_side_reads_the_others_rows_the_same(
    two_databases: tuple[Database, Database],
) -> None:
    inline, _ = two_databases
    key = inline.chat_key(7)
    for writer in (inline.transaction, inline.write):
        async with writer() as session:
            await sessions.start_session(
                session=session,
                chat_key=key,
                survey=sample.SURVEY,
                language="en",
                state=sample.STATES[3],
                now=sample.NOW,
                agency="CSC",
            )
        async with inline.transaction() as session:
            read_inline = await sessions.load_session(session=session, chat_key=key)
        async with inline.write() as session:
            read_orm = await sessions.load_session(session=session, chat_key=key)
        assert read_inline == read_orm
        assert read_inline is not None
        assert read_inline.started_at == sample.NOW and read_inline.started_at.tzinfo
        assert read_inline.state["answers"] == sample.STATES[3]["answers"]


async def test_a_failed_turn_rolls_back_what_ran_inline(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            assert await updates.remember_update(session=session, update_id=9, now=sample.NOW)
            raise RuntimeError("the turn failed half way")
    async with database.transaction() as session:
        assert await updates.remember_update(session=session, update_id=9, now=sample.NOW)


async def test_outside_a_write_transaction_sqlalchemy_runs_it(database: Database) -> None:
    key = await sample.start(database, 5)
    async with database.read() as session:
        current = await sessions.load_session(session=session, chat_key=key)
    assert current is not None and current.survey_id == sample.SURVEY.id


_SCRATCH = Table(
    "scratch",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("name", String, default=lambda: "computed"),
    Column("kind", String, default="plain"),
)


async def test_statements_it_cannot_run_are_refused_clearly(sqlite_url: str, secret: str) -> None:
    db = Database(sqlite_url, secret=secret)
    try:
        async with db.engine.begin() as connection:
            await connection.run_sync(_SCRATCH.metadata.create_all)
        async with db.transaction() as session:
            # A scalar default is filled in, as SQLAlchemy would.
            plain = prepared.Prepared(insert(_SCRATCH))
            assert await prepared.run(session, plain, {"id": 1, "name": "given"}) == 1
            row = await prepared.fetch_first(
                session, prepared.Prepared(select(_SCRATCH).where(_SCRATCH.c.id == 1)), {}
            )
            assert row == (1, "given", "plain")
            # A computed default would be skipped silently: refused instead.
            with pytest.raises(ValueError, match="default"):
                await prepared.run(session, plain, {"id": 2})
            # A parameter left out is an error, not a NULL.
            by_id = prepared.Prepared(select(_SCRATCH).where(_SCRATCH.c.id == bindparam("id")))
            with pytest.raises(InvalidRequestError, match="id"):
                await prepared.fetch_first(session, by_id, {})
            # SQLite's own errors arrive as SQLAlchemy's, as on the other path.
            with pytest.raises(IntegrityError, match="UNIQUE") as raised:
                await prepared.run(session, plain, {"id": 1, "name": "again"})
            assert "again" not in str(raised.value)  # no parameters in the message
            with pytest.raises(ValueError, match="same keys"):
                await prepared.run_many(
                    session, plain, [{"id": 3, "name": "a"}, {"id": 4, "kind": "b"}]
                )
    finally:
        await db.dispose()
