"""``Database.upgrade`` run by several processes at once on a fresh database: all succeed.

Workers starting together, or ``betteroff db upgrade`` run twice, each have their own
``Database`` (their own connection pool); only one may build the schema.
"""

from __future__ import annotations

import asyncio

from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.database import Database, alembic_config

WORKERS = 3


async def test_concurrent_upgrades_of_a_fresh_database_all_succeed(
    database_url: str, secret: str
) -> None:
    workers = [Database(database_url, secret=secret) for _ in range(WORKERS)]
    try:
        # Without the lock they deadlock on PostgreSQL (or one fails): a bound, not a hang.
        await asyncio.wait_for(
            asyncio.gather(*(worker.upgrade() for worker in workers)), timeout=60
        )
        async with workers[0].read() as session:
            versions = list(await session.scalars(text("SELECT version_num FROM alembic_version")))
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert versions == [head]
        await workers[1].upgrade()  # and once more, later: nothing to do
    finally:
        for worker in workers:
            await worker.dispose()
