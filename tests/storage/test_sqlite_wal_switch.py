"""Several connections opening a fresh SQLite file at once all get it in WAL mode.

Switching a rollback-journal file to WAL upgrades a read to a write, and SQLite answers
that with SQLITE_BUSY at once, without its busy timeout, while another connection is
switching too: workers starting together on a new database failed with "database is
locked" about one start in ten. ``WalConnection`` retries the switch.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text

from storage.database import Database, WalConnection

ROUNDS = 30
CONNECTIONS = 4


def _open(path: Path, start: threading.Barrier, modes: list[str], errors: list[Exception]) -> None:
    start.wait()
    try:
        connection = sqlite3.connect(
            str(path), timeout=30, check_same_thread=False, factory=WalConnection
        )
    except Exception as error:
        errors.append(error)
        return
    try:
        modes.append(connection.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        connection.close()


def test_connections_switching_a_fresh_file_to_wal_together_all_succeed(tmp_path: Path) -> None:
    # Without the retry about one round in six has a connection fail.
    for round_ in range(ROUNDS):
        start = threading.Barrier(CONNECTIONS)
        modes: list[str] = []
        errors: list[Exception] = []
        args = (tmp_path / f"fresh-{round_}.db", start, modes, errors)
        threads = [threading.Thread(target=_open, args=args) for _ in range(CONNECTIONS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert modes == ["wal"] * CONNECTIONS


async def _journal_mode(database: Database) -> str:
    async with database.read() as session:
        return str(await session.scalar(text("PRAGMA journal_mode")))


async def test_databases_opening_a_fresh_file_together_all_succeed(
    tmp_path: Path, secret: str
) -> None:
    for round_ in range(ROUNDS):
        url = f"sqlite+aiosqlite:///{tmp_path / f'fresh-{round_}.db'}"
        workers = [Database(url, secret=secret) for _ in range(CONNECTIONS)]
        try:
            modes = await asyncio.gather(*(_journal_mode(worker) for worker in workers))
            assert modes == ["wal"] * CONNECTIONS
        finally:
            for worker in workers:
                await worker.dispose()
