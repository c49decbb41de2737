"""Scheduled jobs across workers: a job fired by two workers at once runs in one of them.

Each "worker" here is a whole ``Application`` from ``build_application`` with its own
``Database`` on the shared database (SQLite file, or a PostgreSQL schema when
``BETTEROFF_TEST_POSTGRES_URL`` is set), firing the job the way its scheduler would.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import flow, scheduler
from bot.app import build_application
from bot.context import BotApplication
from bot.emulator import Emulator
from bot.scheduler import JOBS, Job, deliver_quarterly_report, release_jobs, run_job
from storage import staff as staff_store
from storage.database import Database
from storage.models import Delivery, JobLease
from tests.bot._helpers import ADMIN_ID, make_settings, services_of

STAFF_IDS = (8501, 8502, 8503)
SECOND_ADMIN = 900_002


@contextlib.asynccontextmanager
async def two_workers(
    emulator: Emulator, database: Database
) -> AsyncIterator[tuple[BotApplication, BotApplication]]:
    """Two initialised applications on one database, each with its own connection pool."""
    other = Database(database.url, secret=database.secret)
    first = build_application(
        make_settings(emulator, database), db=database, chat_interval=0.0, start_scheduler=False
    )
    second = build_application(
        make_settings(emulator, other), db=other, chat_interval=0.0, start_scheduler=False
    )
    try:
        async with first, second:
            yield first, second
    finally:
        await other.dispose()


async def _add_staff(database: Database) -> None:
    now = datetime.now(UTC)
    async with database.write() as session:
        code = await staff_store.create_join_code(
            session=session, agency="SCT", team="east", secret=database.secret, now=now
        )
        for chat_id in STAFF_IDS:
            await staff_store.join_staff(
                session=session, code=code, chat_id=chat_id, secret=database.secret, now=now
            )


async def test_pulse_fired_by_two_workers_at_once_goes_out_once(
    emulator: Emulator, database: Database
) -> None:
    await _add_staff(database)
    people = [emulator.user(chat_id, f"P{chat_id}") for chat_id in STAFF_IDS]
    async with two_workers(emulator, database) as (first, second):
        runs = await asyncio.gather(run_job(first, "pulse"), run_job(second, "pulse"))
        assert sorted(run.ran for run in runs) == [False, True]
        (winner,) = [run for run in runs if run.ran]
        assert winner.result.sent == len(STAFF_IDS)
        for person in people:
            assert "pulse" in (await person.next_message()).content
            assert (await person.next_message()).content.startswith("1 of 5")
        # Fired again later by both: the winner renews and finds everyone reached.
        again = await asyncio.gather(run_job(first, "pulse"), run_job(second, "pulse"))
        assert [run.result.sent for run in again if run.ran] == [0]
    for chat_id in STAFF_IDS:
        sends = emulator.calls_for(chat_id=chat_id, methods=["sendMessage"], ok_only=True)
        assert len(sends) == 2  # the intro and the first question, once
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == len(STAFF_IDS)


async def test_job_lease_stays_with_its_holder_until_released_or_expired(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[int] = []

    async def slow_job(application: Any) -> int:
        await asyncio.sleep(0.05)  # long enough for the others to be firing meanwhile
        ran.append(id(application))
        return len(ran)

    monkeypatch.setitem(JOBS, "purge", Job("purge", slow_job, timedelta(minutes=90)))
    async with two_workers(emulator, database) as (first, second):
        runs = await asyncio.gather(*(run_job(app, "purge") for app in (first, second) * 3))
        assert sum(run.ran for run in runs) == len(ran) == 1
        holder = first if ran[0] == id(first) else second
        other = second if holder is first else first
        # The holder keeps the job at its next firing; the other worker still skips.
        assert (await run_job(holder, "purge")).ran
        assert not (await run_job(other, "purge")).ran
        async with database.read() as session:
            lease = await session.get(JobLease, "job:purge")
        assert lease is not None and lease.holder == scheduler.worker_id(services_of(holder))

        # Stopping gracefully hands the job over at once.
        await release_jobs(holder)
        assert (await run_job(other, "purge")).ran
        assert not (await run_job(holder, "purge")).ran

        # A worker that dies without releasing: the job moves once its lease runs out.
        later = flow.now() + timedelta(minutes=91)
        monkeypatch.setattr(flow, "now", lambda: later)
        assert (await run_job(holder, "purge")).ran
    assert len(ran) == 4


async def test_quarterly_report_reaches_each_admin_once_per_quarter(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with database.write() as session:
        await staff_store.add_admin(session=session, user_id=SECOND_ADMIN, now=datetime.now(UTC))
    admins = [emulator.user(ADMIN_ID, "Ada"), emulator.user(SECOND_ADMIN, "Bea")]
    async with two_workers(emulator, database) as (first, second):
        # Outside the first days of a quarter there is nothing to send.
        for today in (date(2026, 4, 8), date(2026, 5, 1), date(2026, 3, 31)):
            assert await deliver_quarterly_report(first, today=today) == 0
        # Both workers' schedulers fire on 2 April, and the job runs again on the 3rd.
        monkeypatch.setattr(flow, "today", lambda: date(2026, 4, 2))
        runs = await asyncio.gather(
            run_job(first, "quarterly-report"), run_job(second, "quarterly-report")
        )
        assert [run.result for run in runs if run.ran] == [2]
        assert await deliver_quarterly_report(second, today=date(2026, 4, 3)) == 0
        for admin in admins:
            report = await admin.next_message()
            assert report.document is not None
            assert report.document.file_name == "betteroff-report-2026-Q1.html"
            assert report.document_bytes is not None
            assert b"<html" in report.document_bytes.lower()
            assert "1 Jan – 31 Mar 2026" in report.content
        # The next quarter is a new report.
        assert await deliver_quarterly_report(second, today=date(2026, 7, 1)) == 2
    for admin_id in (ADMIN_ID, SECOND_ADMIN):
        documents = emulator.calls_for(chat_id=admin_id, methods=["sendDocument"], ok_only=True)
        assert len(documents) == 2  # 2026-Q1 and 2026-Q2, once each


async def test_scheduler_fires_every_job_through_its_lease(
    emulator: Emulator, database: Database
) -> None:
    application = build_application(
        make_settings(emulator, database, timezone="UTC"), db=database, start_scheduler=False
    )
    async with application:
        started = scheduler.start_scheduler(application)
        try:
            jobs = {job.id: job for job in started.get_jobs()}
            assert set(jobs) == set(JOBS) == {"pulse", "reminders", "quarterly-report", "purge"}
            for name, job in jobs.items():
                assert job.func is run_job and job.args == (application, name)
                assert job.max_instances == 1 and job.coalesce
            # Interval jobs keep their lease past the next firing, so the holder renews it.
            for name, minutes in (
                ("reminders", scheduler.REMINDER_EVERY_MINUTES),
                ("purge", scheduler.PURGE_EVERY_MINUTES),
            ):
                assert JOBS[name].lease > timedelta(minutes=minutes)
            pulse = jobs["pulse"].trigger
            assert pulse.get_next_fire_time(None, datetime(2026, 4, 30, 11, tzinfo=UTC)) == (
                datetime(2026, 5, 1, scheduler.PULSE_HOUR, tzinfo=UTC)
            )
            report_at = jobs["quarterly-report"].trigger.get_next_fire_time(
                None, datetime(2026, 2, 10, tzinfo=UTC)
            )
            assert report_at == datetime(2026, 4, 1, scheduler.REPORT_HOUR, tzinfo=UTC)
        finally:
            started.shutdown(wait=False)
