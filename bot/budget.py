"""Telegram's ~30 calls a second belong to the bot, not to each worker: one shared budget.

PTB's ``AIORateLimiter`` paces one process. Two workers each pacing themselves to 30 a
second ask Telegram for 60, and meet 429s: the forum benchmark measured 446 of them, and 28
of 100 people stranded, with two workers on today's code. So on PostgreSQL, where several
workers may share one database, every paced call (every call that names a chat) first
reserves a moment in one row of ``send_budget``:

    UPDATE send_budget
       SET next_free = GREATEST(next_free, now) + 1/30
     RETURNING next_free - 1/30 AS slot, now

and sleeps until its slot. The row lock makes the reservations one queue across every
worker; the moments are PostgreSQL's own clock (``clock_timestamp()``), and a worker only
sleeps the difference the database gave it, so the workers' clocks never need to agree.
Reservations are spaced exactly 1/30 s apart: no bursts, so Telegram sees at most 30 calls
in any second whatever the number of workers. The cost is one short round trip to the
database per Telegram call (about a millisecond on this machine), against 33 ms a call that
the pacing itself takes. The budget has its own small connection pool, so a reservation
never waits behind the surveys' transactions for a connection, nor they behind it, and no
connection of theirs is out while a call is on the wire.

SQLite is one worker by design (see the README), so there the process's own
``AIORateLimiter`` is the whole bot's, and nothing changes.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from storage.database import Database

#: The one row every worker shares.
BUDGET_NAME = "telegram"

_RESERVE = text(
    """
    UPDATE send_budget
       SET next_free = GREATEST(next_free, EXTRACT(EPOCH FROM clock_timestamp())) + :interval
     WHERE name = :name
    RETURNING next_free - :interval AS slot, EXTRACT(EPOCH FROM clock_timestamp()) AS now
    """
)
_CREATE = text(
    "INSERT INTO send_budget (name, next_free) VALUES (:name, 0) ON CONFLICT (name) DO NOTHING"
)


class SharedBudget:
    """``rate`` paced calls a second for every worker on one PostgreSQL database together."""

    def __init__(self, db: Database, *, rate: float = 30.0, name: str = BUDGET_NAME) -> None:
        if db.dialect != "postgresql":
            raise ValueError("A shared budget needs PostgreSQL; SQLite runs one worker.")
        if rate <= 0:
            raise ValueError("rate must be positive")
        # Its own engine and pool, on the same database.
        self.db = Database(db.url, secret=db.secret)
        self.interval = 1.0 / rate
        self.name = name

    async def close(self) -> None:
        await self.db.dispose()

    async def acquire(self) -> None:
        """Wait for this call's moment in the bot's one queue."""
        wait = await self.reserve()
        if wait > 0:
            await asyncio.sleep(wait)

    async def reserve(self) -> float:
        """Take the next free moment; seconds from now until it comes."""
        slot, now = await self.reserve_slot()
        return slot - now

    async def reserve_slot(self) -> tuple[float, float]:
        """Take the next free moment: it and the database's clock now, in epoch seconds."""
        values = {"name": self.name, "interval": self.interval}
        async with self.db.engine.begin() as connection:
            row = (await connection.execute(_RESERVE, values)).first()
            if row is None:
                await connection.execute(_CREATE, values)
                row = (await connection.execute(_RESERVE, values)).first()
        assert row is not None
        return float(row.slot), float(row.now)
