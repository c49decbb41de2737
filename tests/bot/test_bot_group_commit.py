"""``BotServices.run``: turns that arrive together share one SQLite transaction (group
commit), and that never costs anyone their answer or tells them of one not yet committed.

Each work here notes an update id (as a turn does first) and returns it; what is in the
table afterwards, read on a connection of its own, is what was committed.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.context import BotServices
from bot.settings import Settings
from storage import updates
from storage.database import Database
from storage.models import ProcessedUpdate

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _services(database: Database) -> BotServices:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr("1:test"),
        database_url=database.url,
        secret=SecretStr("group-commit-test"),
    )
    return BotServices(db=database, settings=settings, surveys={})


def _note(update_id: int, *, fail: bool = False) -> Any:
    async def work(connection: AsyncConnection) -> int:
        await updates.remember_update(session=connection, update_id=update_id, now=NOW)
        if fail:
            raise RuntimeError(f"work {update_id} failed")
        return update_id

    return work


async def _committed(database: Database) -> set[int]:
    async with database.read() as session:
        return set((await session.scalars(select(ProcessedUpdate.update_id))).all())


async def test_turns_arriving_together_share_a_transaction_and_each_gets_its_answer(
    sqlite_database: Database,
) -> None:
    services = _services(sqlite_database)
    begins: list[str] = []
    event.listen(
        sqlite_database.engine.sync_engine,
        "begin",
        lambda connection: begins.append("begin"),
    )
    results = await asyncio.gather(*(services.run(_note(i)) for i in range(1, 31)))
    assert results == list(range(1, 31))
    assert await _committed(sqlite_database) == set(range(1, 31))
    assert len(begins) < 30  # shared: fewer transactions than turns (two, as it happens)


async def test_one_failing_turn_costs_no_one_else_their_answer(
    sqlite_database: Database,
) -> None:
    services = _services(sqlite_database)
    outcomes = await asyncio.gather(
        *(services.run(_note(i, fail=i == 7)) for i in range(1, 13)), return_exceptions=True
    )
    failed = [o for o in outcomes if isinstance(o, BaseException)]
    assert [str(error) for error in failed] == ["work 7 failed"]
    assert [o for o in outcomes if not isinstance(o, BaseException)] == [
        i for i in range(1, 13) if i != 7
    ]
    # The failing turn's own statements were rolled back with it; everyone else's stayed.
    assert await _committed(sqlite_database) == set(range(1, 13)) - {7}


async def test_nobody_is_answered_before_their_turn_is_committed(
    sqlite_database: Database,
) -> None:
    services = _services(sqlite_database)
    path = make_url(sqlite_database.url).database
    assert path is not None
    seen_at_answer: dict[int, bool] = {}

    async def turn(update_id: int) -> None:
        await services.run(_note(update_id))
        # Read from outside the bot's pool, as another process would.
        other = sqlite3.connect(path)
        try:
            found = other.execute(
                "SELECT count(*) FROM processed_updates WHERE update_id = ?", (update_id,)
            ).fetchone()[0]
        finally:
            other.close()
        seen_at_answer[update_id] = found == 1

    await asyncio.gather(*(turn(i) for i in range(100, 120)))
    assert seen_at_answer == {i: True for i in range(100, 120)}


async def test_turns_at_once_are_all_written_on_every_backend(database: Database) -> None:
    """Only SQLite, with its one writer, groups turns; PostgreSQL commits each alone."""
    services = _services(database)
    results = await asyncio.gather(*(services.run(_note(i)) for i in range(1, 6)))
    assert results == [1, 2, 3, 4, 5]
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 5


@pytest.mark.parametrize("cancel_after", [0, 1])
async def test_a_cancelled_caller_leaves_the_others_answered(
    sqlite_database: Database, cancel_after: int
) -> None:
    services = _services(sqlite_database)
    waiting = [asyncio.ensure_future(services.run(_note(i))) for i in range(1, 6)]
    for _ in range(cancel_after):
        await asyncio.sleep(0)
    waiting[2].cancel()
    outcomes = await asyncio.gather(*waiting, return_exceptions=True)
    assert [o for i, o in enumerate(outcomes) if i != 2] == [1, 2, 4, 5]
    # Cancelled before its turn was written, it has nothing written.
    assert await _committed(sqlite_database) == {1, 2, 4, 5}


async def test_a_repeated_update_in_the_same_group_runs_once(database: Database) -> None:
    """Update ids are remembered for the whole group in one statement; an update given
    twice (Telegram retrying while the first is still waiting) still runs only once."""
    services = _services(database)
    ran: list[int] = []

    def counted(label: int) -> Any:
        async def work(connection: AsyncConnection) -> int:
            ran.append(label)
            return label

        return work

    await services.run(counted(0), update_id=500, duplicate=-1)  # seen before the group
    outcomes = await asyncio.gather(
        services.run(counted(1), update_id=501, duplicate=-1),
        services.run(counted(2), update_id=501, duplicate=-1),
        services.run(counted(3), update_id=500, duplicate=-1),
        services.run(counted(4), update_id=502, duplicate=-1),
        services.run(counted(5), duplicate=-1),  # no update id: always runs
    )
    assert outcomes == [1, -1, -1, 4, 5]
    assert sorted(ran) == [0, 1, 4, 5]  # PostgreSQL runs them side by side, in any order
    assert await _committed(database) == {500, 501, 502}
