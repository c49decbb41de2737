"""The one ``Database`` object every other layer uses.

SQLite (the default, through aiosqlite) is set up for several processes at once: WAL so
readers never wait for the writer, a busy timeout so a writer waits its turn instead of
failing, and ``BEGIN IMMEDIATE`` for write transactions — without it two read-then-write
transactions can both read, and the second fails to upgrade its lock or loses an update.
``secure_delete`` overwrites deleted rows (an abandoned survey's state) with zeros.

PostgreSQL (asyncpg) needs none of that; a ``?schema=NAME`` on its URL puts every table in
that schema (the tests give each run its own).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
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
MIGRATIONS = Path(__file__).parent / "migrations"
_WRITE_OPTION = "betteroff_write"


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
        write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = async_sessionmaker(write_engine, expire_on_commit=False)

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
        """Bring the schema up to ``revision`` with the Alembic migrations."""
        async with self.engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
            await conn.run_sync(_run_alembic, "upgrade", revision)

    async def downgrade(self, revision: str) -> None:
        async with self.engine.execution_options(**{_WRITE_OPTION: True}).begin() as conn:
            await conn.run_sync(_run_alembic, "downgrade", revision)

    async def dispose(self) -> None:
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


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling starts transactions late and commits
        # around DDL; turn it off and say BEGIN ourselves in _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

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
