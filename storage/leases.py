"""Leases: one worker at a time runs a job, however many workers share the database.

Two ``betteroff run`` workers on one PostgreSQL database each run the scheduler; a job
such as the monthly pulse round or the purge must run once between them. Before running
it, a worker takes the job's lease::

    async with db.write() as session:
        mine = await acquire_lease(session=session, name="purge", holder=worker_id,
                                   now=datetime.now(UTC), ttl=timedelta(minutes=10))
    if mine:
        ...  # run the job (its own transactions), then release_lease or let it expire

Taking a lease is one statement, ``INSERT … ON CONFLICT (name) DO UPDATE … WHERE the
lease has expired OR is already ours … RETURNING holder``: the database decides, not a
read followed by a write, so two workers racing cannot both win. On PostgreSQL the loser
waits for the winner's transaction and then sees its row; on SQLite writers take turns
(``BEGIN IMMEDIATE``). A worker that dies simply lets its lease expire.

``now`` comes from the caller so tests can move time; workers' clocks should agree to
well within ``ttl``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import JobLease
from storage.sql import dialect_insert, rowcount


async def acquire_lease(
    *, session: AsyncSession, name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Whether ``holder`` now holds the lease ``name`` until ``now + ttl``.

    True when nobody held it, the last holder's time ran out, or ``holder`` already held
    it (then it is renewed). Commit the transaction before running the job, so the
    other workers see the lease.
    """
    if ttl <= timedelta(0):
        raise ValueError(f"a lease needs a positive ttl, not {ttl}")
    insert = dialect_insert(session, JobLease).values(
        name=name, holder=holder, expires_at=now + ttl
    )
    upsert = insert.on_conflict_do_update(
        index_elements=["name"],
        set_={"holder": insert.excluded.holder, "expires_at": insert.excluded.expires_at},
        where=or_(JobLease.expires_at <= now, JobLease.holder == holder),
    ).returning(JobLease.holder)
    taken = (await session.execute(upsert)).scalar_one_or_none()
    return taken == holder


async def release_lease(*, session: AsyncSession, name: str, holder: str) -> bool:
    """Give the lease up early, if ``holder`` still holds it; whether it did."""
    result = await session.execute(
        delete(JobLease).where(JobLease.name == name, JobLease.holder == holder)
    )
    return rowcount(result) == 1


__all__ = ["acquire_lease", "release_lease"]
