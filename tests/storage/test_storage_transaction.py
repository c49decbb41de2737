"""``Database.transaction``: the Core-only write transaction a survey's turn runs in."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
import storage_sample as sample
from sqlalchemy import func, insert, select, update

from storage import sessions, starts, updates
from storage.database import Database
from storage.models import ProcessedUpdate, SurveyStarts

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


@contextlib.asynccontextmanager
async def _two_workers(url: str, secret: str) -> AsyncIterator[tuple[Database, Database]]:
    """Two ``Database`` objects on one database, as two workers' pools are; migrated."""
    first, second = Database(url, secret=secret), Database(url, secret=secret)
    await first.upgrade()
    try:
        yield first, second
    finally:
        await first.dispose()
        await second.dispose()


async def _remembered(database: Database) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)


async def test_a_transaction_is_committed_when_its_block_ends(database: Database) -> None:
    async with database.transaction() as connection:
        assert await updates.remember_update(session=connection, update_id=1, now=NOW)
        assert not await updates.remember_update(session=connection, update_id=1, now=NOW)
    assert await _remembered(database) == 1


async def test_updates_remembered_together_are_each_new_once(database: Database) -> None:
    """The group commit's one statement: ids seen before are not new, and an id given
    twice in one batch is new once."""
    async with database.transaction() as connection:
        assert await updates.remember_update(session=connection, update_id=1, now=NOW)
    async with database.transaction() as connection:
        new = await updates.remember_updates(session=connection, update_ids=[1, 2, 3, 3], now=NOW)
        assert new == {2, 3}
        assert await updates.remember_updates(session=connection, update_ids=[], now=NOW) == set()
    assert await _remembered(database) == 3


async def test_an_exception_rolls_the_whole_transaction_back(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as connection:
            await updates.remember_update(session=connection, update_id=1, now=NOW)
            raise RuntimeError("the turn failed half way")
    assert await _remembered(database) == 0


async def test_concurrent_transactions_of_two_processes_each_apply_once(
    database_url: str, secret: str
) -> None:
    """Two ``Database`` objects (two workers' pools) remembering the same updates at once:
    each update is taken by exactly one of them, none is lost and none fails."""
    async with _two_workers(database_url, secret) as (first, second):

        async def remember(database: Database, update_id: int) -> bool:
            async with database.transaction() as connection:
                return await updates.remember_update(
                    session=connection, update_id=update_id, now=NOW
                )

        taken = await asyncio.gather(
            *(remember(db, update_id) for update_id in range(40) for db in (first, second))
        )
        assert sum(taken) == 40
        assert await _remembered(first) == 40


async def test_concurrent_writes_from_two_processes_lose_no_update(
    database_url: str, secret: str
) -> None:
    """The writes a survey's turn makes, from two workers' pools at once: a step advances
    once however many taps race for it, and a counter counts every start."""
    async with _two_workers(database_url, secret) as (first, second):
        key = await sample.start(first, 77)
        day = sample.TODAY

        async def advance(db: Database) -> bool:
            async with db.transaction() as connection:
                return await sessions.advance_session(
                    session=connection,
                    chat_key=key,
                    survey=sample.SURVEY,
                    expected_step=0,
                    state=sample.STATES[1],
                    now=NOW,
                )

        async def count(db: Database) -> None:
            async with db.transaction() as connection:
                await starts.count_start(
                    session=connection, day=day, survey_id="s", touchpoint=None, agency="CSC"
                )

        both = (first, second)
        applied = await asyncio.gather(*(advance(db) for _ in range(20) for db in both))
        assert applied.count(True) == 1
        await asyncio.gather(*(count(db) for _ in range(30) for db in both))
        async with first.read() as session:
            counted = select(SurveyStarts.started).where(SurveyStarts.survey_id == "s")
            assert await session.scalar(counted) == 60
            current = await sessions.load_session(session=session, chat_key=key)
        assert current is not None and current.step == 1


async def test_read_then_write_transactions_on_sqlite_lose_no_update(
    sqlite_url: str, secret: str
) -> None:
    """``BEGIN IMMEDIATE``: a write transaction that reads a value and writes it back
    changed holds the write lock from its first read, so two workers incrementing the same
    row at once neither lose an increment nor fail to upgrade a read lock."""
    async with _two_workers(sqlite_url, secret) as (first, second):
        async with first.write() as session:
            await session.execute(
                insert(SurveyStarts).values(
                    day=sample.TODAY, survey_id="s", touchpoint="", agency="", started=0
                )
            )

        async def increment(db: Database) -> None:
            async with db.write() as session:
                seen = await session.scalar(select(SurveyStarts.started))
                await asyncio.sleep(0)  # let the others read meanwhile, if they could
                await session.execute(update(SurveyStarts).values(started=(seen or 0) + 1))

        await asyncio.gather(*(increment(db) for _ in range(25) for db in (first, second)))
        async with first.read() as session:
            assert await session.scalar(select(SurveyStarts.started)) == 50
