"""``Database.transaction``: the Core-only write transaction a survey's turn runs in."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from storage import updates
from storage.database import Database
from storage.models import ProcessedUpdate

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


async def _remembered(database: Database) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)


async def test_a_transaction_is_committed_when_its_block_ends(database: Database) -> None:
    async with database.transaction() as connection:
        assert await updates.remember_update(session=connection, update_id=1, now=NOW)
        assert not await updates.remember_update(session=connection, update_id=1, now=NOW)
    assert await _remembered(database) == 1


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
    first, second = Database(database_url, secret=secret), Database(database_url, secret=secret)
    await first.upgrade()
    try:

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
    finally:
        await first.dispose()
        await second.dispose()
