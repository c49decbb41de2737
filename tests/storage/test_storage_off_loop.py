"""SQLite through aiosqlite as it comes: the database never runs on the event loop's thread.

aiosqlite runs each connection on a thread of its own; nothing of ours may run SQLite on the
loop's thread instead (as a hand-made driver layer once did), because a slow disk, a
checkpoint or another process's lock would then stop every chat at once. These tests
watch SQLite itself (its trace callback says which thread ran each statement) and the loop
(a probe measuring how late its timers fire) while slow work runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.engine import make_url

from storage.database import Database
from storage.models import ProcessedUpdate
from tests.loop_lag import LagProbe

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(sqlite_database: Database) -> Database:
    return sqlite_database


def _path(db: Database) -> str:
    return make_url(db.url).database or ""


async def _remember(db: Database, *update_ids: int) -> None:
    async with db.write() as session:
        for update_id in update_ids:
            await session.execute(
                insert(ProcessedUpdate).values(update_id=update_id, seen_on=NOW.date())
            )


async def _stored(db: Database) -> set[int]:
    async with db.read() as session:
        return set(await session.scalars(select(ProcessedUpdate.update_id)))


async def _count(db: Database) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)


async def _checkpoint(db: Database) -> None:
    """A full checkpoint, as SQLite runs one at a COMMIT: outside any transaction, on a
    pooled connection's own aiosqlite thread."""
    async with db.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        await raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _trace_threads(db: Database) -> list[tuple[int, str]]:
    """(thread id, SQL) for every statement SQLite runs on connections opened from now on."""
    traced: list[tuple[int, str]] = []

    def trace(statement: str) -> None:
        traced.append((threading.get_ident(), statement))

    @event.listens_for(db.engine.sync_engine, "connect")
    def _traced(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.run_async(lambda driver: driver.set_trace_callback(trace))

    return traced


async def test_every_statement_runs_off_the_event_loops_thread(db: Database) -> None:
    await db.engine.dispose()  # so every connection from here on is traced
    traced = _trace_threads(db)
    await _remember(db, 1)
    async with db.transaction() as connection:
        await connection.execute(
            insert(ProcessedUpdate), [{"update_id": n, "seen_on": NOW.date()} for n in range(2, 12)]
        )
    assert await _count(db) == 11
    await _checkpoint(db)
    statements = [sql for _, sql in traced]
    assert "BEGIN IMMEDIATE" in statements and "BEGIN" in statements
    assert any(sql.startswith("INSERT INTO processed_updates") for sql in statements)
    assert any("wal_checkpoint" in sql for sql in statements)
    loop_thread = threading.get_ident()
    assert {thread for thread, _ in traced}.isdisjoint({loop_thread})


async def test_a_slow_write_and_a_checkpoint_never_stop_the_loop(db: Database) -> None:
    # One statement that keeps SQLite busy for a good fraction of a second, then a
    # checkpoint copying it all into the database file: if either ran on the loop's
    # thread the probe would wake late by about as long as it took.
    many = text(
        "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)"
        " INSERT INTO processed_updates (update_id, seen_on) SELECT i, '2025-01-06' FROM n"
    )
    async with LagProbe() as probe:
        started = time.perf_counter()
        async with db.write() as session:
            await session.execute(many)
        await _checkpoint(db)
        took = time.perf_counter() - started
    assert await _count(db) == 400_000 - 1000 + 1
    assert probe.wakes > 10  # the loop went on running meanwhile
    assert probe.worst < took / 2, (probe.worst, took)


@contextlib.contextmanager
def _another_process_writing(db: Database, release: threading.Event) -> Iterator[None]:
    """Another process holds SQLite's write lock (having written update 100) until
    ``release`` is set; a plain sqlite3 connection on a thread stands in for it."""
    holding = threading.Event()

    def hold_the_lock() -> None:
        connection = sqlite3.connect(_path(db), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO processed_updates VALUES (100, '2025-01-06 09:00:00')")
        holding.set()
        release.wait(5)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        holding.wait(5)
        yield
    finally:
        release.set()
        holder.join(5)


async def test_a_writer_waits_off_the_loop_while_another_process_holds_the_lock(
    db: Database,
) -> None:
    release = threading.Event()
    threading.Timer(0.4, release.set).start()
    with _another_process_writing(db, release):
        async with LagProbe() as probe:
            started = time.monotonic()
            await _remember(db, 101)
            waited = time.monotonic() - started
        assert waited >= 0.3  # it did wait for the lock, and did not fail
        assert probe.wakes > 10  # the loop went on meanwhile
        assert probe.worst < waited / 2
    assert await _stored(db) == {100, 101}


async def test_connections_use_wal_normal_sync_a_busy_timeout_and_their_safeguards(
    db: Database,
) -> None:
    async with db.read() as session:
        assert await session.scalar(text("PRAGMA journal_mode")) == "wal"
        assert await session.scalar(text("PRAGMA synchronous")) == 1  # NORMAL
        assert await session.scalar(text("PRAGMA busy_timeout")) == 30_000
        assert await session.scalar(text("PRAGMA foreign_keys")) == 1
        assert await session.scalar(text("PRAGMA secure_delete")) == 1
        # SQLite's own checkpoints, at COMMIT on aiosqlite's thread, keep the WAL short.
        assert await session.scalar(text("PRAGMA wal_autocheckpoint")) == 1000


async def test_a_failed_statement_rolls_back_and_the_next_write_still_works(db: Database) -> None:
    await _remember(db, 1)
    with pytest.raises(Exception, match="UNIQUE"):
        await _remember(db, 2, 1)  # the second insert breaks the primary key
    await _remember(db, 3)
    assert await _stored(db) == {1, 3}


async def test_a_writer_cancelled_while_waiting_for_the_lock_never_stalls_the_loop(
    db: Database,
) -> None:
    # The cancelled BEGIN IMMEDIATE is still waiting on aiosqlite's thread; whatever the
    # connection does next (the rollback as it goes back to the pool) must queue there
    # behind it, not hold the loop until the other process lets go.
    release = threading.Event()
    with _another_process_writing(db, release):
        waiting = asyncio.create_task(_remember(db, 1))
        await asyncio.sleep(0.1)
        waiting.cancel()
        async with LagProbe() as probe:
            started = time.monotonic()
            await asyncio.sleep(0.3)
            assert time.monotonic() - started < 0.5
        assert probe.wakes > 10
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await waiting
    await _remember(db, 2)
    assert await _stored(db) == {2, 100}


async def test_transactions_at_once_each_get_a_connection_and_none_is_lost(db: Database) -> None:
    from storage import updates

    async def remember(update_id: int) -> bool:
        async with db.transaction() as connection:
            await asyncio.sleep(0)  # let the others start while this one is open
            return await updates.remember_update(session=connection, update_id=update_id, now=NOW)

    assert all(await asyncio.gather(*(remember(n) for n in range(20))))
    assert await _count(db) == 20
    assert db.engine.sync_engine.pool.checkedout() == 0  # every one went back


def test_nothing_of_the_retired_driver_layer_is_left() -> None:
    import storage.database

    assert not Path(storage.database.__file__).with_name("prepared.py").exists()
    assert not hasattr(storage.database, "_LoopWriteConnection")
