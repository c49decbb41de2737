"""Forward secrecy on disk: deleted rows that knew a chat leave the files, not just the tables.

A deleted row is not gone from the disk. SQLite keeps the pages a transaction wrote in the
``-wal`` file until a checkpoint copies them back and the log is reset, so a completed or
stopped survey's row (its keyed and sealed chat, its words so far) stayed readable there,
next to the response written with it. PostgreSQL keeps a deleted row in the table's pages
as a dead tuple until a vacuum, and a plain ``VACUUM`` only marks the space free: the
bytes stay on the page until something overwrites them.

:func:`scrub` runs after each purge (at least every 10 minutes):

- SQLite: ``PRAGMA wal_checkpoint(TRUNCATE)`` copies the WAL back into the database (where
  ``secure_delete`` has already zeroed the deleted rows) and empties the ``-wal`` file;
- PostgreSQL: ``VACUUM FULL`` on the tables that know a chat or the moment a survey came
  in (:data:`SCRUBBED_TABLES`) writes each afresh into a new file, without the dead rows,
  and drops the old one. Both tables are small (surveys in progress, one day's responses),
  so the exclusive lock it takes lasts milliseconds; taps wait for it, none fails.

What it cannot reach: PostgreSQL's own write-ahead log (``pg_wal``) holds every change
until its segments are recycled after a checkpoint, and a WAL archive keeps them for
good. The README says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.database import Database

log = logging.getLogger(__name__)

#: The tables whose deleted rows could tie a finished survey to a chat or a time.
SCRUBBED_TABLES = ("survey_sessions", "held_responses", "unsent_thanks")
#: How long the PostgreSQL scrub waits for a lock before leaving it to the next purge.
VACUUM_LOCK_TIMEOUT_MS = 2000


@dataclass(frozen=True)
class ScrubReport:
    """Whether the scrub completed; ``False`` means the next purge must try again."""

    done: bool
    detail: str


async def scrub(db: Database) -> ScrubReport:
    """Remove deleted rows of :data:`SCRUBBED_TABLES` from every file of the database."""
    if db.dialect == "sqlite":
        return await _checkpoint_sqlite(db)
    return await _vacuum_postgres(db)


async def _checkpoint_sqlite(db: Database) -> ScrubReport:
    async with db.engine.connect() as connection:
        # The driver's own connection, outside any transaction: a checkpoint cannot reset
        # the WAL while this connection (or any other) is reading from it.
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _log_frames, _copied = await cursor.fetchone()
        await cursor.close()
    if busy:
        # A reader held an old snapshot; nothing is lost, the next purge tries again.
        log.info("The WAL could not be emptied this time: a reader was busy")
        return ScrubReport(False, "WAL busy")
    return ScrubReport(True, "WAL checkpointed and truncated")


async def _vacuum_postgres(db: Database) -> ScrubReport:
    async with db.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        # VACUUM FULL waits for every lock on the table, and every tap queues behind it:
        # if a long read (a report) holds one, give up and let the next purge try.
        await autocommit.execute(text(f"SET lock_timeout = '{VACUUM_LOCK_TIMEOUT_MS}ms'"))
        try:
            for table in SCRUBBED_TABLES:
                await autocommit.execute(text(f"VACUUM FULL {table}"))
        except DBAPIError as error:
            log.info("VACUUM FULL gave way to a lock (%s); the next purge tries again",
                     type(error.orig).__name__)  # fmt: skip
            return ScrubReport(False, "lock timeout")
        finally:
            await autocommit.execute(text("RESET lock_timeout"))
    return ScrubReport(True, f"VACUUM FULL {', '.join(SCRUBBED_TABLES)}")
