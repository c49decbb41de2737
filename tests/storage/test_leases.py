"""Job leases on both backends: of two workers racing, exactly one runs the job.

Run as a script, this file is one such worker (``python test_leases.py URL HOLDER GO``):
it waits for the file GO, makes many attempts at the lease at once and prints how many
succeeded.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from storage.database import Database
from storage.leases import acquire_lease, release_lease
from storage.models import JobLease

NOW = datetime(2026, 3, 14, 3, 0, tzinfo=UTC)
TTL = timedelta(minutes=10)
ATTEMPTS = 20


async def _acquire(db: Database, holder: str, *, now: datetime = NOW, name: str = "purge") -> bool:
    async with db.write() as session:
        return await acquire_lease(session=session, name=name, holder=holder, now=now, ttl=TTL)


async def _release(db: Database, holder: str, *, name: str = "purge") -> bool:
    async with db.write() as session:
        return await release_lease(session=session, name=name, holder=holder)


async def _expiry(db: Database, name: str = "purge") -> datetime | None:
    async with db.read() as session:
        return await session.scalar(select(JobLease.expires_at).where(JobLease.name == name))


async def test_two_holders_racing_leave_exactly_one_holding_it(database: Database) -> None:
    holders = ["worker-a", "worker-b"] * ATTEMPTS
    results = await asyncio.gather(*(_acquire(database, holder) for holder in holders))
    winners = {holder for holder, won in zip(holders, results, strict=True) if won}
    assert len(winners) == 1
    (winner,) = winners
    # Every attempt by the winner succeeds (a renewal), every other one fails.
    assert results.count(True) == ATTEMPTS
    assert await _expiry(database) == NOW + TTL
    loser = "worker-b" if winner == "worker-a" else "worker-a"
    assert not await _acquire(database, loser, now=NOW + TTL - timedelta(seconds=1))


async def test_the_holder_renews_and_others_wait_for_the_expiry(database: Database) -> None:
    assert await _acquire(database, "a")
    later = NOW + timedelta(minutes=5)
    assert await _acquire(database, "a", now=later)  # renewed from "later"
    assert await _expiry(database) == later + TTL
    assert not await _acquire(database, "b", now=NOW + TTL + timedelta(minutes=1))
    assert await _acquire(database, "b", now=later + TTL)  # expired: handed over
    assert not await _acquire(database, "a", now=later + TTL)
    assert await _expiry(database) == later + TTL + TTL


async def test_leases_of_different_jobs_are_independent(database: Database) -> None:
    assert await _acquire(database, "a", name="purge")
    assert await _acquire(database, "b", name="pulse-round")
    assert not await _acquire(database, "b", name="purge")


async def test_only_the_holder_releases_and_then_anyone_may_take_it(database: Database) -> None:
    assert await _acquire(database, "a")
    assert not await _release(database, "b")
    assert not await _acquire(database, "b")
    assert await _release(database, "a")
    assert not await _release(database, "a")
    assert await _acquire(database, "b")


async def test_a_lease_needs_a_positive_ttl(database: Database) -> None:
    async with database.write() as session:
        with pytest.raises(ValueError, match="positive ttl"):
            await acquire_lease(
                session=session, name="purge", holder="a", now=NOW, ttl=timedelta(0)
            )


@pytest.mark.timeout(120)
async def test_two_processes_racing_leave_exactly_one_holding_it(
    database: Database, database_url: str, tmp_path: Path
) -> None:
    go_file = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, database_url, holder, str(go_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for holder in ("process-a", "process-b")
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready", worker.stderr
        go_file.touch()
        won = {}
        for holder, worker in zip(("process-a", "process-b"), workers, strict=True):
            out, err = worker.communicate(timeout=100)
            assert worker.returncode == 0, err
            won[holder] = int(out.strip().splitlines()[-1])
    finally:
        for worker in workers:
            worker.kill()
    assert sorted(won.values()) == [0, ATTEMPTS]
    async with database.read() as session:
        holding = await session.scalar(select(JobLease.holder))
    assert holding is not None and won[holding] == ATTEMPTS


async def _worker(url: str, holder: str, go_file: Path) -> None:
    db = Database(url, secret="unused")
    async with db.read() as session:  # connect before the start line
        await session.connection()
    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.005)
    results = await asyncio.gather(*(_acquire(db, holder) for _ in range(ATTEMPTS)))
    await db.dispose()
    print(results.count(True), flush=True)


if __name__ == "__main__":
    url, holder, go = sys.argv[1:]
    asyncio.run(_worker(url, holder, Path(go)))
