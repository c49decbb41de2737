"""A survey's turn on the bare Core connection writes and reads exactly what the ORM
session does.

The same journey — redeem an invite, count the start, start a session, remember updates,
answer every question, complete — runs once in ``Database.transaction()`` (a Core
connection, what the bot's turns use) and once in ``Database.write()`` (an ORM session),
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

from storage import invites, responses, sessions, updates
from storage.database import Database
from storage.sql import Executor
from tests.conftest import migrated
from tests.released import release_all

pytestmark = pytest.mark.asyncio

#: Columns whose values are random by design: compared by shape, not value.
_RANDOM = {
    "responses": {"id", "withdrawal_hash"},
    "answers": {"id", "response_id"},
    "story_reviews": {"answer_id"},
    "invites": {"token_hash"},
}


async def _start(session: Executor, key: str, state: dict[str, Any], **grant: Any) -> None:
    """Start the sample survey for ``key`` in English, with what the invite gave."""
    await sessions.start_session(
        session=session,
        chat_key=key,
        survey=sample.SURVEY,
        language="en",
        state=state,
        now=sample.NOW,
        **grant,
    )


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
        await _start(
            session,
            key,
            sample.STATES[0],
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
    async with (
        migrated(f"sqlite+aiosqlite:///{tmp_path / 'core.db'}", secret) as core,
        migrated(f"sqlite+aiosqlite:///{tmp_path / 'orm.db'}", secret) as through,
    ):
        yield core, through


async def test_core_and_orm_write_the_same_rows(
    two_databases: tuple[Database, Database], tmp_path: Path
) -> None:
    core, through = two_databases
    await _journey(core, core.transaction)
    await _journey(through, through.write)
    await release_all(core)
    await release_all(through)
    core_tables, orm_tables = _tables(tmp_path / "core.db"), _tables(tmp_path / "orm.db")
    assert core_tables["answers"] and core_tables["responses"]
    assert core_tables["story_reviews"] and core_tables["survey_starts"]
    assert core_tables == orm_tables


async def test_each_side_reads_the_others_rows_the_same(
    two_databases: tuple[Database, Database],
) -> None:
    core, _ = two_databases
    key = core.chat_key(7)
    for writer in (core.transaction, core.write):
        async with writer() as session:
            await _start(session, key, sample.STATES[3], agency="CSC")
        async with core.transaction() as session:
            read_core = await sessions.load_session(session=session, chat_key=key)
        async with core.write() as session:
            read_orm = await sessions.load_session(session=session, chat_key=key)
        assert read_core == read_orm
        assert read_core is not None
        assert read_core.started_at == sample.NOW and read_core.started_at.tzinfo
        assert read_core.state["answers"] == sample.STATES[3]["answers"]


async def test_a_failed_turn_rolls_back_everything_it_wrote(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            assert await updates.remember_update(session=session, update_id=9, now=sample.NOW)
            raise RuntimeError("the turn failed half way")
    async with database.transaction() as session:
        assert await updates.remember_update(session=session, update_id=9, now=sample.NOW)


async def test_a_read_session_reads_a_survey_in_progress(database: Database) -> None:
    key = await sample.start(database, 5)
    async with database.read() as session:
        current = await sessions.load_session(session=session, chat_key=key)
    assert current is not None and current.survey_id == sample.SURVEY.id
