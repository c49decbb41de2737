"""The one ``Database`` object every other layer uses: SQLAlchemy 2 over its async drivers.

Every statement goes through SQLAlchemy over aiosqlite (SQLite, the default) or asyncpg
(PostgreSQL), as they come: aiosqlite runs SQLite on a thread of its own, so the event loop
never waits for the disk, a lock or a checkpoint.

SQLite is set up for several processes at once, through SQLAlchemy's documented event hooks
(the "connect" and "begin" events of the pysqlite/aiosqlite transaction recipe): WAL so
readers never wait for the writer, a busy timeout so a writer waits its turn instead of
failing, and ``BEGIN IMMEDIATE`` for write transactions — without it two read-then-write
transactions can both read, and the second fails to upgrade its lock or loses an update.
``secure_delete`` overwrites deleted rows (an abandoned survey's state) with zeros.
``synchronous = NORMAL`` is WAL's usual partner: a commit is not flushed to the disk on its
own (the WAL is at each checkpoint), so a killed process loses nothing it committed and
only a power cut or OS crash can lose the last few transactions — never corrupt the file.
SQLite's own automatic checkpoints run inside a ``COMMIT``, on aiosqlite's thread.

PostgreSQL (asyncpg) needs none of that; a ``?schema=NAME`` on its URL puts every table in
that schema (the tests give each run its own).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import PoolResetState

from storage import keys

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite+aiosqlite:///./betteroff.db"
#: How long an SQLite writer waits for another to finish before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Extra attempts at ``BEGIN IMMEDIATE`` after the busy timeout ran out.
SQLITE_BEGIN_RETRIES = 3
MIGRATIONS = Path(__file__).parent / "migrations"
_WRITE_OPTION = "betteroff_write"
#: PostgreSQL advisory lock key for migrations (any fixed number; this one spells "bo-m").
MIGRATION_LOCK_KEY = 0x626F2D6D


class Database:
    """An engine, read and write sessions, and the secret for keyed hashes.

    ``async with db.write() as session:`` runs one write transaction, committed on leaving
    the block (rolled back on an exception); keep it short and never await anything but
    the database inside it. ``async with db.read() as session:`` is for queries only.
    """

    def __init__(self, url: str = DEFAULT_URL, *, secret: str | bytes, echo: bool = False):
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()  # "sqlite" or "postgresql"
        self.secret = secret
        connect_args: dict[str, Any] = {}
        if self.dialect == "sqlite":
            # Both reach sqlite3.connect, which aiosqlite calls on its own thread.
            connect_args["timeout"] = SQLITE_BUSY_TIMEOUT_MS / 1000
            connect_args["factory"] = WalConnection
        elif self.dialect == "postgresql" and "schema" in parsed.query:
            schema = parsed.query["schema"]
            connect_args["server_settings"] = {"search_path": str(schema)}
            parsed = parsed.difference_update_query(["schema"])
        self.url = url
        # SQLite: the pool asks SQLite whether to roll back (see _configure_sqlite).
        reset = {"pool_reset_on_return": None} if self.dialect == "sqlite" else {}
        self.engine: AsyncEngine = create_async_engine(
            parsed, echo=echo, connect_args=connect_args, **reset
        )
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = async_sessionmaker(self._write_engine, expire_on_commit=False)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reading; closing it rolls back whatever it changed."""
        async with self._read_sessions() as session:
            yield session

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A session in one write transaction, committed when the block ends."""
        async with self._write_sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A bare connection in one write transaction, committed when the block ends.

        For Core statements only (no ORM objects): what a survey's turn runs, where the
        ORM session's bookkeeping would cost more than the SQL. Everything said of
        :meth:`write` holds here too.
        """
        async with self._write_engine.begin() as connection:
            yield connection

    def chat_key(self, chat_id: int) -> str:
        return keys.chat_key(self.secret, chat_id)

    def seal_chat(self, chat_id: int) -> str:
        """The chat id in the form a survey in progress keeps it, for reminders only."""
        return keys.seal_chat_id(self.secret, chat_id)

    def reviewer_key(self, user_id: int) -> str:
        return keys.reviewer_key(self.secret, user_id)

    def guess_key(self, chat_id: int) -> str:
        return keys.guess_key(self.secret, chat_id)

    def preference_key(self, chat_id: int) -> str:
        return keys.preference_key(self.secret, chat_id)

    def auditor_key(self, actor: str | int) -> str:
        return keys.auditor_key(self.secret, actor)

    async def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to ``revision`` with the Alembic migrations.

        Safe to run from several processes at once (workers starting together, or
        ``betteroff db upgrade`` twice): see :meth:`_migrate`.
        """
        await self._migrate("upgrade", revision)

    async def downgrade(self, revision: str) -> None:
        await self._migrate("downgrade", revision)

    async def _migrate(self, action: str, revision: str) -> None:
        """Run Alembic in one transaction, one process at a time.

        Two PostgreSQL migrations at once would both find no ``alembic_version`` on a fresh
        database and the second would fail creating the first's tables. A transaction-level
        advisory lock, taken first in the migration's own transaction, makes the others
        wait until it commits; their later statements then see the schema it left, so they
        find nothing to do. SQLite's ``BEGIN IMMEDIATE`` already makes writers take turns.
        """
        async with self.engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
            if self.dialect == "postgresql":
                await conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            await conn.run_sync(_run_alembic, action, revision)

    async def revision(self) -> str | None:
        """The migration the schema is at, or None before the first ``upgrade``."""
        async with self.engine.connect() as conn:
            return await conn.run_sync(_current_revision)

    async def dispose(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic ``Config`` for the shipped migrations, optionally bound to a connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _run_alembic(connection: Connection, action: str, revision: str) -> None:
    from alembic import command

    config = alembic_config(connection)
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling starts transactions late and commits
        # around DDL; turn it off and say BEGIN ourselves in _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # journal_mode = WAL is set by WalConnection, which has to retry it.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "reset")
    def _on_reset(dbapi_connection: Any, _record: Any, state: PoolResetState) -> None:
        # The pool's own reset (turned off in Database) rolls back every connection it takes
        # back, even one whose transaction has just committed: one more trip to aiosqlite's
        # thread per transaction, with the write turn still held. SQLite knows whether a
        # transaction is open, so roll back only then (a transaction left open by an error).
        if state.asyncio_safe and dbapi_connection.driver_connection.in_transaction:
            dbapi_connection.rollback()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if not conn.get_execution_options().get(_WRITE_OPTION):
            conn.exec_driver_sql("BEGIN")
            return
        for attempt in range(SQLITE_BEGIN_RETRIES + 1):
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as error:
                # Nothing has happened yet in this transaction, so trying again is safe.
                if "locked" not in str(error) or attempt == SQLITE_BEGIN_RETRIES:
                    raise
                log.warning("SQLite stayed busy for %d ms; trying again", SQLITE_BUSY_TIMEOUT_MS)


class WalConnection(sqlite3.Connection):
    """``sqlite3.connect``'s connection, switched to WAL mode — retried, since SQLite won't
    wait for it. Given to ``sqlite3.connect`` as its ``factory``.

    On a file still in rollback-journal mode (a fresh one) switching to WAL reads page 1
    and then upgrades that read to a write to mark the file WAL. SQLite never calls the
    busy handler for a read upgrading to a write (that could deadlock), so when another
    connection is switching the same file at that moment — workers starting together on
    a new database — the switch fails with SQLITE_BUSY at once, busy timeout or not. It
    is one autocommit statement that changed nothing, so it is simply tried again, up to
    the busy timeout. Once the file is WAL the switch writes nothing, so cannot meet this.
    aiosqlite opens connections on its own thread, so the pauses never block the event
    loop.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        try:
            self.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
            pause = 0.001
            while True:
                try:
                    self.execute("PRAGMA journal_mode = WAL").fetchall()
                    return
                except sqlite3.OperationalError as error:
                    if not _is_busy(error) or time.monotonic() + pause > deadline:
                        raise
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
        except BaseException:
            self.close()
            raise


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY or (
        "locked" in str(error)
    )
