"""How SQLite write transactions run: on the event loop's thread when the lock is free,
waiting on aiosqlite's thread when another connection holds it, checkpoints off the loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.engine import make_url

import storage.database
from storage import updates
from storage.database import Database
from storage.models import ProcessedUpdate

NOW = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(sqlite_url: str, secret: str) -> AsyncIterator[Database]:
    database = Database(sqlite_url, secret=secret)
    await database.upgrade()
    try:
        yield database
    finally:
        await database.dispose()


def _path(db: Database) -> str:
    return make_url(db.url).database or ""


async def _remember(db: Database, *update_ids: int) -> None:
    async with db.write() as session:
        for update_id in update_ids:
            await session.execute(insert(ProcessedUpdate).values(update_id=update_id, seen_on=NOW.date()))


async def _count(db: Database) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedUpdate)) or 0)


class Ticker:
    """Counts turns of the event loop while it runs."""

    def __init__(self) -> None:
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            self.ticks += 1
            await asyncio.sleep(0)

    async def __aenter__(self) -> Ticker:
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def test_a_write_transaction_never_lets_the_loop_run_other_work(db: Database) -> None:
    # Nothing else may run between BEGIN IMMEDIATE and COMMIT: every turn of a busy loop
    # spent inside the transaction would be time the one write lock is held.
    await _remember(db, 1)  # warm the pool
    async with Ticker() as ticker:
        async with db.write() as session:
            await session.execute(insert(ProcessedUpdate).values(update_id=2, seen_on=NOW.date()))
            first = ticker.ticks
            for update_id in range(3, 8):
                await session.execute(
                    insert(ProcessedUpdate).values(update_id=update_id, seen_on=NOW.date())
                )
            await session.scalar(select(func.count()).select_from(ProcessedUpdate))
            assert ticker.ticks == first
        await asyncio.sleep(0)
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 7


async def test_a_whole_transaction_from_connect_to_close_never_lets_the_loop_run(
    db: Database,
) -> None:
    """``Database.transaction`` on SQLite: checkout, BEGIN IMMEDIATE, statements, COMMIT and
    the return to the pool, all without a turn of the loop — a caller holding the process's
    turn at writing hands it on as soon as its work is done, not a loop turn later."""
    await _remember(db, 1)  # warm the pool
    async with Ticker() as ticker:
        first = ticker.ticks
        for update_id in range(2, 12):
            async with db.transaction() as connection:
                await connection.execute(
                    insert(ProcessedUpdate).values(update_id=update_id, seen_on=NOW.date())
                )
        # Several rows in one statement (a completion's answers) are executemany: on the
        # loop's thread too, not a hop to aiosqlite's thread with the write lock held.
        async with db.transaction() as connection:
            rows = [{"update_id": n, "seen_on": NOW.date()} for n in range(12, 22)]
            await connection.execute(insert(ProcessedUpdate), rows)
        assert ticker.ticks == first
        await asyncio.sleep(0)
        assert ticker.ticks > first  # the ticker does run when the loop gets a turn
    async with db.read() as session:
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 21


async def test_a_writer_waits_off_the_loop_while_another_process_holds_the_lock(
    db: Database,
) -> None:
    # A plain sqlite3 connection on another thread stands in for another process.
    holding = threading.Event()

    def hold_the_lock() -> None:
        connection = sqlite3.connect(_path(db), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO processed_updates VALUES (100, '2025-01-06 09:00:00')")
        holding.set()
        time.sleep(0.4)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        holding.wait(5)
        async with Ticker() as ticker:
            started = time.monotonic()
            await _remember(db, 101)
            waited = time.monotonic() - started
        assert waited >= 0.3  # it did wait for the lock, and did not fail
        assert ticker.ticks > 10  # the loop went on meanwhile
    finally:
        holder.join(5)
    async with db.read() as session:
        stored = set(await session.scalars(select(ProcessedUpdate.update_id)))
    assert stored == {100, 101}


async def test_writes_after_a_wait_run_on_the_loop_again(db: Database) -> None:
    connection = sqlite3.connect(_path(db), isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    waiting = asyncio.create_task(_remember(db, 1))
    await asyncio.sleep(0.1)
    connection.execute("COMMIT")
    connection.close()
    await waiting
    async with Ticker() as ticker, db.write() as session:
        await session.execute(text("INSERT INTO processed_updates VALUES (2, '2025-01-06')"))
        first = ticker.ticks
        await session.execute(text("INSERT INTO processed_updates VALUES (3, '2025-01-06')"))
        assert ticker.ticks == first


async def test_connections_use_wal_with_normal_sync_and_no_checkpoint_on_commit(
    db: Database,
) -> None:
    async with db.read() as session:
        assert await session.scalar(text("PRAGMA journal_mode")) == "wal"
        assert await session.scalar(text("PRAGMA synchronous")) == 1  # NORMAL
        assert await session.scalar(text("PRAGMA wal_autocheckpoint")) == 0
        assert await session.scalar(text("PRAGMA busy_timeout")) == 30_000


async def test_the_wal_is_checkpointed_every_so_many_writes(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.database, "CHECKPOINT_EVERY", 5)
    wal = Path(_path(db) + "-wal")
    for update_id in range(200):
        await _remember(db, update_id)
    # Without checkpoints the WAL would hold every transaction's pages (well over 200
    # pages); with one every 5 commits it is restarted and stays a few dozen pages long.
    page_size = 4096
    assert wal.stat().st_size < 60 * page_size
    with sqlite3.connect(_path(db)) as connection:
        assert connection.execute("SELECT count(*) FROM processed_updates").fetchone() == (200,)


async def test_a_failed_statement_rolls_back_and_the_next_write_still_works(db: Database) -> None:
    await _remember(db, 1)
    with pytest.raises(Exception, match="UNIQUE"):
        await _remember(db, 2, 1)  # the second insert breaks the primary key
    await _remember(db, 3)
    async with db.read() as session:
        stored = set(await session.scalars(select(ProcessedUpdate.update_id)))
    assert stored == {1, 3}


async def test_a_writer_cancelled_while_waiting_for_the_lock_never_stalls_the_loop(
    db: Database,
) -> None:
    # The cancelled BEGIN IMMEDIATE is still waiting on aiosqlite's thread; whatever the
    # connection does next (the rollback as it goes back to the pool) must queue there
    # behind it, not run on the loop and hold the loop until the other process lets go.
    release = threading.Event()
    holding = threading.Event()

    def hold_the_lock() -> None:
        connection = sqlite3.connect(_path(db), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        holding.set()
        release.wait(5)
        connection.execute("COMMIT")
        connection.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        holding.wait(5)
        waiting = asyncio.create_task(_remember(db, 1))
        await asyncio.sleep(0.1)
        waiting.cancel()
        async with Ticker() as ticker:
            started = time.monotonic()
            await asyncio.sleep(0.3)
            assert time.monotonic() - started < 0.5
        assert ticker.ticks > 10
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await waiting
    finally:
        release.set()
        holder.join(5)
    await _remember(db, 2)
    async with db.read() as session:
        assert set(await session.scalars(select(ProcessedUpdate.update_id))) == {2}


def _checkouts(db: Database) -> list[object]:
    taken: list[object] = []

    @event.listens_for(db.engine.sync_engine, "checkout")
    def _taken(dbapi_connection: object, *_: object) -> None:
        taken.append(dbapi_connection)

    return taken


async def test_transactions_one_at_a_time_keep_one_connection(db: Database) -> None:
    # A tap's transaction reuses the connection the last one used instead of taking one
    # from the pool and handing it back each time.
    taken = _checkouts(db)
    for update_id in range(5):
        async with db.transaction() as connection:
            await updates.remember_update(session=connection, update_id=update_id, now=NOW)
    assert len(taken) == 1
    assert await _count(db) == 5


async def test_a_failed_transaction_does_not_keep_its_connection(db: Database) -> None:
    taken = _checkouts(db)
    async with db.transaction() as connection:
        await updates.remember_update(session=connection, update_id=1, now=NOW)
    with pytest.raises(RuntimeError):
        async with db.transaction() as connection:
            await updates.remember_update(session=connection, update_id=2, now=NOW)
            raise RuntimeError("the turn failed half way")
    async with db.transaction() as connection:
        assert await updates.remember_update(session=connection, update_id=2, now=NOW)
    assert len(taken) == 2  # a fresh one after the failure
    assert await _count(db) == 2


async def test_transactions_at_once_each_get_a_connection_and_none_is_lost(db: Database) -> None:
    async def remember(update_id: int) -> bool:
        async with db.transaction() as connection:
            await asyncio.sleep(0)  # let the others start while this one is open
            return await updates.remember_update(session=connection, update_id=update_id, now=NOW)

    assert all(await asyncio.gather(*(remember(n) for n in range(20))))
    assert await _count(db) == 20
    pool = db.engine.sync_engine.pool
    assert pool.checkedout() == 1  # only the kept one is still out
    await db.dispose()
    assert pool.checkedout() == 0


async def test_begin_takes_a_free_write_lock_without_a_statement(db: Database) -> None:
    # BEGIN IMMEDIATE goes straight to SQLite when the lock is free; when another
    # connection holds it, it waits on aiosqlite's thread as before (see the tests above).
    sent: list[str] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def _sent(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)

    async with db.transaction() as connection:
        await updates.remember_update(session=connection, update_id=1, now=NOW)
        assert connection.sync_connection is not None
        raw = connection.sync_connection.connection.driver_connection
        assert raw.inline_connection().in_transaction
    assert sent == []


def _sqlalchemy_transactions(db: Database) -> list[str]:
    """What SQLAlchemy's own transactions do: "begin", "commit", "rollback" as they happen."""
    seen: list[str] = []
    for name in ("begin", "commit", "rollback"):
        event.listen(db.engine.sync_engine, name, lambda *_, name=name: seen.append(name))
    return seen


async def test_prepared_statements_alone_commit_without_a_sqlalchemy_transaction(
    db: Database,
) -> None:
    # A tap's transaction runs only prepared statements: BEGIN IMMEDIATE and COMMIT go
    # straight to SQLite, and SQLAlchemy's greenlets and events never come into it.
    await _remember(db, 1)  # warm the pool
    seen = _sqlalchemy_transactions(db)
    for update_id in range(2, 6):
        async with db.transaction() as connection:
            assert await updates.remember_update(session=connection, update_id=update_id, now=NOW)
            assert not connection.in_transaction()
    assert seen == []
    with sqlite3.connect(_path(db)) as other:  # committed: another connection sees them
        assert other.execute("SELECT count(*) FROM processed_updates").fetchone() == (5,)


async def test_a_plain_statement_joins_the_transaction_begun_straight(db: Database) -> None:
    # Any other statement makes SQLAlchemy begin a transaction of its own first; that must
    # join the one already open (no second BEGIN), and commit or roll back with it.
    sent: list[str] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def _sent(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement.split()[0])

    seen = _sqlalchemy_transactions(db)
    async with db.transaction() as connection:
        assert await updates.remember_update(session=connection, update_id=1, now=NOW)
        await connection.execute(insert(ProcessedUpdate).values(update_id=2, seen_on=NOW.date()))
        assert await updates.remember_update(session=connection, update_id=3, now=NOW)
    assert sent == ["INSERT"]
    assert seen == ["begin", "commit"]
    with pytest.raises(RuntimeError):
        async with db.transaction() as connection:
            assert await updates.remember_update(session=connection, update_id=4, now=NOW)
            await connection.execute(insert(ProcessedUpdate).values(update_id=5, seen_on=NOW.date()))
            raise RuntimeError("the turn failed half way")
    assert seen == ["begin", "commit", "begin", "rollback"]
    with pytest.raises(RuntimeError):
        async with db.transaction() as connection:
            assert await updates.remember_update(session=connection, update_id=6, now=NOW)
            raise RuntimeError("and again, with prepared statements only")
    async with db.read() as session:
        assert set(await session.scalars(select(ProcessedUpdate.update_id))) == {1, 2, 3}
    async with db.transaction() as connection:  # and the next one still works
        assert await updates.remember_update(session=connection, update_id=4, now=NOW)
    assert await _count(db) == 4
