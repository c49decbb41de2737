"""The purge clears job leases (report claims among them) a day after they ran out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from storage.database import Database
from storage.leases import acquire_lease
from storage.models import JobLease
from storage.purge import purge

NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
TODAY = date(2026, 4, 1)


async def _names(database: Database) -> set[str]:
    async with database.read() as session:
        return set(await session.scalars(select(JobLease.name)))


async def test_purge_deletes_leases_expired_over_a_day_ago_and_keeps_the_rest(
    database: Database,
) -> None:
    leases = {
        "report:admin-1:2025-Q4": NOW - timedelta(days=130),  # ran out long ago
        "pulse": NOW - timedelta(days=1, minutes=1),  # just over a day ago
        "purge": NOW - timedelta(hours=23),  # ran out, but within the day
        "report:admin-1:2026-Q1": NOW + timedelta(days=119),  # a live claim
    }
    for name, expires_at in leases.items():
        taken_at = expires_at - timedelta(minutes=10)
        async with database.write() as session:
            assert await acquire_lease(
                session=session, name=name, holder="w1", now=taken_at, ttl=timedelta(minutes=10)
            )
    async with database.write() as session:
        dry = await purge(session=session, now=NOW, today=TODAY, dry_run=True)
    assert dry.expired_leases == 2
    assert await _names(database) == set(leases)  # a dry run deletes nothing
    async with database.write() as session:
        done = await purge(session=session, now=NOW, today=TODAY)
    assert done.expired_leases == 2
    assert await _names(database) == {"purge", "report:admin-1:2026-Q1"}
    # Taking a lease whose row was purged works as taking a fresh one.
    async with database.write() as session:
        assert await acquire_lease(
            session=session, name="pulse", holder="w2", now=NOW, ttl=timedelta(minutes=10)
        )
