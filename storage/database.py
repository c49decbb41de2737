"""The one ``Database`` object every other layer uses.

SQLite (the default, through aiosqlite) is set up for several processes at once: WAL so
readers never wait for the writer, a busy timeout so a writer waits its turn instead of
failing, and ``BEGIN IMMEDIATE`` for write transactions — without it two read-then-write
transactions can both read, and the second fails to upgrade its lock or loses an update.
``secure_delete`` overwrites deleted rows (an abandoned survey's state) with zeros.
``synchronous = NORMAL`` is WAL's usual partner: a commit is not flushed to the disk on its
own (the WAL is at each checkpoint), so a killed process loses nothing it committed and
only a power cut or OS crash can lose the last few transactions — never corrupt the file.
With FULL every commit waited for an fsync while holding the write lock.

aiosqlite runs each connection's calls on a thread of its own, one hop per call, and
SQLAlchemy makes three or four calls per statement. Each hop lets the event loop run
whatever else is ready, so under load a write transaction held SQLite's one write lock
for several turns of a busy loop and writes queued behind it (about 80 a second with 200
people tapping). So a write transaction runs on the event loop's thread from
``BEGIN IMMEDIATE`` to ``COMMIT`` when the lock is free, and on aiosqlite's thread only
when it has to wait; see :class:`_LoopWriteConnection`.

PostgreSQL (asyncpg) needs none of that; a ``?schema=NAME`` on its URL puts every table in
that schema (the tests give each run its own).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite
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

from storage import keys

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite+aiosqlite:///./betteroff.db"
#: How long an SQLite writer waits for another to finish before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Extra attempts at ``BEGIN IMMEDIATE`` after the busy timeout ran out.
SQLITE_BEGIN_RETRIES = 3
#: Write transactions between WAL checkpoints (a few pages each; SQLite's own default
#: is a checkpoint per 1000 pages).
CHECKPOINT_EVERY = 200
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
            connect_args["timeout"] = SQLITE_BUSY_TIMEOUT_MS / 1000
        elif self.dialect == "postgresql" and "schema" in parsed.query:
            schema = parsed.query["schema"]
            connect_args["server_settings"] = {"search_path": str(schema)}
            parsed = parsed.difference_update_query(["schema"])
        self.url = url
        self.engine: AsyncEngine = create_async_engine(parsed, echo=echo, connect_args=connect_args)
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = async_sessionmaker(self._write_engine, expire_on_commit=False)
        #: SQLite: the connection ``transaction()`` keeps between transactions.
        self._kept: AsyncConnection | None = None
        self._disposed = False

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

        For Core statements only (no ORM objects): what a survey's turn runs, many times
        a second under load, where the ORM session's bookkeeping costs more than the SQL.
        Everything said of :meth:`write` holds here too.

        On SQLite the connection is opened, committed and handed back to the pool here
        rather than by ``engine.begin()``: that closes the connection in a task of its own
        (so a cancelled caller cannot leave it half closed) and waits a turn of the event
        loop for it. A busy loop's turn takes milliseconds, and the caller still holds the
        process's turn at writing (``BotServices.transaction``), so every turn on SQLite
        stretched the queue of taps behind it. Here nothing of it waits for anything on
        SQLite (see :class:`_LoopWriteConnection`), so nothing can cancel it half way.
        PostgreSQL's close does wait for the server, and keeps ``engine.begin()``.

        On SQLite the connection is also kept between transactions rather than taken
        from the pool and handed back each time (70 µs of a tap's 210 µs here): one
        transaction at a time uses the kept one, any other at the same moment takes its
        own from the pool. A transaction that fails closes its connection rather than
        keeping it, and :meth:`dispose` closes the kept one.

        And when the write lock is free, ``BEGIN IMMEDIATE`` and ``COMMIT`` go straight to
        SQLite rather than through SQLAlchemy's transaction (see :func:`_begin_straight`).
        """
        if self.dialect != "sqlite":
            async with self._write_engine.begin() as connection:
                yield connection
            return
        kept, self._kept = self._kept, None  # None: in use by another transaction now
        if kept is None or kept.closed or kept.invalidated:
            connection = await self._write_engine.connect()
        else:
            connection = kept
        driver = _loop_driver(connection)
        try:
            if driver is not None and driver.begin_inline():
                # BEGIN IMMEDIATE went straight to SQLite, so SQLAlchemy has no transaction
                # of its own: see _begin_straight.
                async with _begin_straight(connection, driver):
                    yield connection
            else:
                transaction = await connection.begin()
                try:
                    yield connection
                except BaseException:
                    await transaction.rollback()
                    raise
                await transaction.commit()
        except BaseException:
            await connection.close()
            raise
        if self._kept is None and not self._disposed:
            self._kept = connection
        else:
            await connection.close()

    def chat_key(self, chat_id: int) -> str:
        return keys.chat_key(self.secret, chat_id)

    def seal_chat(self, chat_id: int) -> str:
        """The chat id in the form a survey in progress keeps it, for reminders only."""
        return keys.seal_chat_id(self.secret, chat_id)

    def reviewer_key(self, user_id: int) -> str:
        return keys.reviewer_key(self.secret, user_id)

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

    async def dispose(self) -> None:
        self._disposed = True
        kept, self._kept = self._kept, None
        if kept is not None:
            await kept.close()
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic ``Config`` for the shipped migrations, optionally bound to a connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _run_alembic(connection: Connection, action: str, revision: str) -> None:
    from alembic import command

    config = alembic_config(connection)
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def _loop_driver(connection: AsyncConnection) -> _LoopWriteConnection | None:
    """The aiosqlite connection under ``connection``, when it is one of ours and
    SQLAlchemy has no transaction open on it."""
    sync = connection.sync_connection
    if sync is None or sync.in_transaction():
        return None
    driver = sync.connection.driver_connection
    return driver if isinstance(driver, _LoopWriteConnection) else None


@asynccontextmanager
async def _begin_straight(
    connection: AsyncConnection, driver: _LoopWriteConnection
) -> AsyncIterator[None]:
    """Commit (or roll back) a write transaction begun on ``driver`` by ``begin_inline``.

    SQLAlchemy's own begin and commit each spawn a greenlet and fire its events: about
    90k of a tap's 1.2M instructions (valgrind's count), for two statements that SQLite
    runs in microseconds. A block that only runs :mod:`storage.prepared` statements
    (every tap, start and completion does) never involves SQLAlchemy's transaction at
    all. One that runs any other statement makes SQLAlchemy begin a transaction of its
    own first ("autobegin"); ``_on_begin`` sees the driver already writing and sends
    nothing, and that transaction is then committed or rolled back through SQLAlchemy.
    """
    try:
        yield
    except BaseException:
        if connection.in_transaction():
            await connection.rollback()
        else:
            await driver.rollback()
        raise
    if connection.in_transaction():
        await connection.commit()
    else:
        await driver.commit()


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling starts transactions late and commits
        # around DDL; turn it off and say BEGIN ourselves in _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        # journal_mode = WAL is set by _connect_sqlite, which has to retry it.
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Checkpoints are run off the event loop by _LoopWriteConnection, not by COMMIT.
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        def connection(*args: Any, **kwargs: Any) -> _LoopWriteConnection:
            opened = _LoopWriteConnection(partial(_connect_sqlite, *args, **kwargs), 64)
            opened._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own
            return opened

        return dialect.dbapi.connect(*cargs, async_creator_fn=connection, **cparams)

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if not conn.get_execution_options().get(_WRITE_OPTION):
            conn.exec_driver_sql("BEGIN")
            return
        driver = conn.connection.driver_connection
        if isinstance(driver, _LoopWriteConnection) and driver.writing:
            return  # Database.transaction began it already (see _begin_straight)
        if isinstance(driver, _LoopWriteConnection) and driver.begin_inline():
            return  # the write lock was free: taken here, without a statement's machinery
        for attempt in range(SQLITE_BEGIN_RETRIES + 1):
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as error:
                # Nothing has happened yet in this transaction, so trying again is safe.
                if "locked" not in str(error) or attempt == SQLITE_BEGIN_RETRIES:
                    raise
                log.warning("SQLite stayed busy for %d ms; trying again", SQLITE_BUSY_TIMEOUT_MS)


def _connect_sqlite(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    """``sqlite3.connect``, then WAL mode — retried, since SQLite won't wait for it.

    On a file still in rollback-journal mode (a fresh one) switching to WAL reads page 1
    and then upgrades that read to a write to mark the file WAL. SQLite never calls the
    busy handler for a read upgrading to a write (that could deadlock), so when another
    connection is switching the same file at that moment — workers starting together on
    a new database — the switch fails with SQLITE_BUSY at once, busy timeout or not. It
    is one autocommit statement that changed nothing, so it is simply tried again, up to
    the busy timeout. Once the file is WAL the switch writes nothing, so cannot meet this.
    This runs on aiosqlite's thread (it is the connector), so the pauses never block
    the event loop.
    """
    connection = sqlite3.connect(*args, **kwargs)
    try:
        connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
        pause = 0.001
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL").fetchall()
                return connection
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
    except BaseException:
        connection.close()
        raise


#: Calls that never wait for another connection's lock, whatever the state.
_NEVER_WAIT = frozenset({"cursor", "fetchone", "fetchmany", "fetchall", "rollback"})
_ENDS = ("COMMIT", "END", "ROLLBACK")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY or (
        "locked" in str(error)
    )


class _LoopWriteConnection(aiosqlite.Connection):
    """aiosqlite, but a write transaction runs on the event loop's thread from start to end.

    ``BEGIN IMMEDIATE`` is tried here with no busy timeout: nearly always the write lock is
    free (this process's writers take turns on ``BotServices.write``), and then the whole
    transaction — its statements and ``COMMIT`` — runs without once yielding to the loop,
    so nothing else can stretch the time the lock is held. If another process has the
    lock, ``BEGIN IMMEDIATE`` is sent to aiosqlite's thread to wait there with the usual
    busy timeout, as before. Holding the lock, no statement can wait for another
    connection; with ``wal_autocheckpoint`` off a ``COMMIT`` only appends to the WAL, and
    every :data:`CHECKPOINT_EVERY` commits one goes to the thread with a checkpoint after
    it, so the loop never waits for the disk. Anything outside a write transaction goes
    to the thread (a read can, rarely, meet a busy WAL); cursor housekeeping, fetching
    rows already read and ``ROLLBACK`` never wait and run here.

    Nothing runs here while a call is still on the thread (say a ``BEGIN IMMEDIATE``
    whose caller was cancelled while it waited): SQLite would make the loop wait for it.
    Such calls queue behind it on the thread instead, in order.
    """

    #: Commits since the last checkpoint, across connections (any one checkpoints the WAL).
    _commits = 0

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int) -> None:
        super().__init__(connector, iter_chunk_size)
        self._writing = False
        #: Calls handed to the thread and not yet finished there (set.add and
        #: set.discard are atomic, so both threads may touch it).
        self._on_thread: set[object] = set()

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._connection is None or not self._running or self._on_thread:
            return await self._on_worker(fn, *args, **kwargs)
        name = getattr(fn, "__name__", "")
        if name in ("execute", "executemany") and args and isinstance(args[0], str):
            return await self._statement(fn, *args, **kwargs)
        if name == "commit":
            return await self._commit(fn)
        if name in _NEVER_WAIT or (
            name == "close" and isinstance(getattr(fn, "__self__", None), sqlite3.Cursor)
        ):
            if name == "rollback":
                self._writing = False
            return fn(*args, **kwargs)
        return await self._on_worker(fn, *args, **kwargs)

    def begin_inline(self) -> bool:
        """``BEGIN IMMEDIATE`` on the loop's thread if the write lock is free now.

        Whether it began; if not (another process is writing, or a call is still on
        the thread), nothing happened and the caller sends ``BEGIN IMMEDIATE`` the usual
        way, which waits on the thread.
        """
        if not self._running or self._on_thread or self._connection is None:
            return False
        began, _ = self._begin_at_once(self._connection.execute, "BEGIN IMMEDIATE")
        self._writing = began
        return began

    @property
    def writing(self) -> bool:
        """Whether a write transaction is open on this connection (from ``BEGIN
        IMMEDIATE`` until ``COMMIT`` or ``ROLLBACK``)."""
        return self._writing

    def inline_connection(self) -> sqlite3.Connection | None:
        """SQLite's connection, while a write transaction runs on the loop's thread.

        For :mod:`storage.prepared`, which runs its statements on it directly; ``None``
        when a statement now would go to aiosqlite's thread instead.
        """
        if self._writing and self._running and not self._on_thread:
            return self._connection
        return None

    async def _on_worker(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn`` on aiosqlite's thread, as aiosqlite itself would run it."""
        if self._connection is None or not self._running:
            return await super()._execute(fn, *args, **kwargs)  # says it is closed
        token = object()
        self._on_thread.add(token)

        def run() -> Any:
            try:
                return fn(*args, **kwargs)
            finally:
                self._on_thread.discard(token)

        try:
            return await super()._execute(run)
        finally:
            if not self._running:  # closed: the thread will run nothing more
                self._on_thread.clear()

    async def _statement(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        verb = args[0].lstrip()[:16].upper()
        if verb.startswith("BEGIN IMMEDIATE"):
            began, result = self._begin_at_once(fn, *args, **kwargs)
            if not began:
                result = await self._on_worker(fn, *args, **kwargs)
            self._writing = True
            return result
        if verb.startswith(_ENDS):
            self._writing = False
            return await self._on_worker(fn, *args, **kwargs)
        if self._writing:
            return fn(*args, **kwargs)
        return await self._on_worker(fn, *args, **kwargs)

    def _begin_at_once(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
        """``BEGIN IMMEDIATE`` if the write lock is free now; ``(False, None)`` if not."""
        connection = self._conn
        connection.execute("PRAGMA busy_timeout = 0")
        try:
            return True, fn(*args, **kwargs)
        except sqlite3.OperationalError as error:
            if not _is_busy(error):
                raise
            return False, None
        finally:
            connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")

    async def _commit(self, fn: Callable[..., Any]) -> Any:
        writing, self._writing = self._writing, False
        if not writing:
            return fn()  # a read transaction, or none: nothing to wait for
        _LoopWriteConnection._commits += 1
        if _LoopWriteConnection._commits < CHECKPOINT_EVERY:
            return fn()
        _LoopWriteConnection._commits = 0
        return await self._on_worker(self._commit_and_checkpoint)

    def _commit_and_checkpoint(self) -> None:
        self._conn.commit()
        # PASSIVE: copies what it can without waiting for readers or writers.
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
