"""The scrub after each purge: the WAL emptied on SQLite, the two small tables rewritten on
PostgreSQL, and never a stall of the bot behind a lock it cannot get."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.database import Database
from storage.scrub import scrub


async def test_sqlite_scrub_empties_the_wal(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("SQLite's WAL")
    async with database.write() as session:
        await session.execute(text("DELETE FROM survey_sessions"))
    wal = Path(f"{make_url(database.url).database}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    report = await scrub(database)
    assert report.done
    assert wal.stat().st_size == 0


async def test_postgres_scrub_gives_way_to_a_lock_and_tries_again(database: Database) -> None:
    if database.dialect != "postgresql":
        pytest.skip("PostgreSQL's VACUUM FULL")
    async with database.engine.connect() as holder:
        # A long read (a report, say) holds the table: the scrub must not queue taps behind it.
        await holder.execute(text("LOCK TABLE survey_sessions IN ACCESS SHARE MODE"))
        report = await scrub(database)
        assert not report.done
        await holder.rollback()
    assert (await scrub(database)).done
