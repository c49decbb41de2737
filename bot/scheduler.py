"""Jobs on a clock (APScheduler): the monthly staff pulse, reminders, the quarterly report
to admins, and retention purges.

Several workers may share one database, each with its own scheduler. A job runs only in
the worker holding its lease (:mod:`storage.leases`, one row per job): the holder renews
it each time the job fires, the others skip, and when the holder stops (its lease is
released on shutdown, or simply runs out) the next worker to fire takes over. So a job's
work happens once across workers, not once per worker.

Every job is also idempotent on its own: it claims its work in the database (a delivery
row, a ``reminder_sent`` flag, a lease per admin and quarter) and commits before it
sends, so running it twice — a restart, a lease that ran out mid-job, a misfire caught
up — sends nothing twice. The price is at-most-once: a send that fails after its claim
is not retried, which for a reminder, a pulse or a report is the kinder failure.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.error import TelegramError

from bot import flow
from bot.context import SERVICES_KEY, BotServices
from bot.texts import text
from storage import purge, release, rounds, scrub, sessions, staff
from storage.leases import acquire_lease, release_lease
from surveys.engine import Ask
from surveys.model import Survey

log = logging.getLogger(__name__)

#: The pulse goes out on this day of each month; later days catch up anyone missed
#: (new joiners, or someone mid-survey on the day).
PULSE_DAY = 1
PULSE_HOUR = 10
#: How many staff one pulse round serves at once.
PULSE_CONCURRENCY = 20
REMINDER_EVERY_MINUTES = 10
#: The purge also scrubs finished surveys from the files: the promise is at most 10 minutes.
PURGE_EVERY_MINUTES = 10
#: The previous quarter's report goes to admins on the first days of a quarter, at this
#: hour; later days of the window catch up a worker that was down on the first.
REPORT_MONTHS = (1, 4, 7, 10)
REPORT_WINDOW_DAYS = 7
REPORT_HOUR = 9
#: A delivered report's claim must outlive the window it could be sent again in.
REPORT_CLAIM_TTL = timedelta(days=120)


@dataclass(frozen=True)
class PulseResult:
    sent: int
    skipped_busy: int


def pulse_surveys(services: BotServices) -> list[Survey]:
    return [s for s in services.surveys.values() if s.touchpoint == "pulse"]


async def send_pulse_round(application: Any, *, period: str | None = None) -> PulseResult:
    """Send this month's pulse to each active member of staff it has not reached yet."""
    services: BotServices = application.bot_data[SERVICES_KEY]
    period = period or flow.today().strftime("%Y-%m")
    # Each person gets an intro and a question, so the per-chat pace makes one person take
    # at least a second: people are served side by side, a bounded number at a time (which
    # also bounds the database connections the round holds).
    limit = asyncio.Semaphore(PULSE_CONCURRENCY)

    async def reach(survey: Survey, round_id: int, member: Any) -> bool | None:
        async with limit:
            started = await _claim_and_start(services, survey, round_id, member)
            if started:
                await _send_pulse(application, services, member.chat_id, survey)
            return started

    outcomes: list[bool | BaseException | None] = []
    for survey in pulse_surveys(services):
        async with services.write() as session:
            round_id = await rounds.open_round(
                session=session, survey_id=survey.id, period=period, now=flow.now()
            )
            waiting = await rounds.undelivered_staff(session=session, round_id=round_id)
        # Every task runs to the end before a failure is raised, so none is left behind.
        outcomes += await asyncio.gather(
            *(reach(survey, round_id, member) for member in waiting), return_exceptions=True
        )
    sent = sum(1 for outcome in outcomes if outcome is True)
    busy = sum(1 for outcome in outcomes if outcome is None)
    if sent or busy:
        log.info("Pulse round %s: sent %d, %d busy with another survey", period, sent, busy)
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    if failures:
        raise failures[0]
    return PulseResult(sent, busy)


async def _claim_and_start(
    services: BotServices, survey: Survey, round_id: int, member: Any
) -> bool | None:
    """Claim the delivery and start the pulse, in one transaction.

    ``None`` when the person is in the middle of another survey (try again next run),
    ``False`` when another run got there first.
    """
    async with services.write() as session:
        busy = await sessions.load_session(
            session=session, chat_key=services.db.chat_key(member.chat_id)
        )
        if busy is not None:
            return None
        if not await rounds.claim_delivery(
            session=session, round_id=round_id, chat_id=member.chat_id, now=flow.now()
        ):
            return False
        team = await staff.pulse_team(
            session=session,
            agency=member.agency,
            team=member.team,
            threshold=services.settings.min_responses,
        )
        await flow.start_for_staff(
            services,
            session,
            chat_id=member.chat_id,
            survey=survey,
            agency=member.agency,
            team=team,
        )
    return True


async def _send_pulse(
    application: Any, services: BotServices, chat_id: int, survey: Survey
) -> None:
    from bot.handlers.respondent import send_step

    found = await flow.in_progress(services, chat_id=chat_id)
    if found is None:
        return
    current, _ = found
    step = flow.current_step(survey, current.state)
    if not isinstance(step, Ask):
        return
    try:
        await application.bot.send_message(chat_id, text("en", "pulse_intro", count=step.total))
        await send_step(
            _JobContext(application), chat_id, survey=survey, step=step, language="en",
            number=current.step, nonce=current.nonce or "",
        )  # fmt: skip
    except TelegramError as error:
        log.warning("Could not send a pulse: %s", type(error).__name__)


class _JobContext:
    """Just enough of a handler context for :func:`send_step` outside an update."""

    def __init__(self, application: Any) -> None:
        self.bot = application.bot
        self.services: BotServices = application.bot_data[SERVICES_KEY]


async def send_reminders(application: Any) -> int:
    """One reminder for each survey left untouched for ``reminder_after_hours``."""
    from bot.handlers.respondent import resend_current

    services: BotServices = application.bot_data[SERVICES_KEY]
    idle_since = flow.now() - timedelta(hours=services.settings.reminder_after_hours)
    async with services.db.read() as session:
        due = await sessions.reminders_due(
            session=session, idle_since=idle_since, secret=services.db.secret
        )
    reminded = 0
    for item in due:
        async with services.write() as session:
            claimed = await sessions.mark_reminded(session=session, chat_key=item.chat_key)
        if not claimed:
            continue
        found = await flow.in_progress(services, chat_id=item.chat_id)
        if found is None:
            continue
        try:
            await application.bot.send_message(item.chat_id, text(item.language, "reminder"))
            await resend_current(
                _JobContext(application),
                item.chat_id,
                current=found[0],
                survey=found[1],
            )
            reminded += 1
        except TelegramError as error:
            log.info("Could not send a reminder: %s", type(error).__name__)
    return reminded


async def purge_expired(application: Any) -> Any:
    """Release finished days; abandoned surveys after ``abandon_after_days``; old
    responses; old update ids. Then scrub what went from the files (forward secrecy)."""
    services: BotServices = application.bot_data[SERVICES_KEY]
    settings = services.settings
    released = await release.release_finished_days(services.db, today=flow.today())
    if released:
        log.info("Released %d responses from finished days", released)
    async with services.write() as session:
        report = await purge.purge(
            session=session,
            now=flow.now(),
            today=flow.today(),
            abandon_after=timedelta(days=settings.abandon_after_days),
            retention_days=settings.retention_days,
        )
    await scrub.scrub(services.db)
    return report


async def deliver_quarterly_report(application: Any, *, today: date | None = None) -> int:
    """Send the last quarter's HTML report to each admin once, early in a new quarter.

    Outside the first ``REPORT_WINDOW_DAYS`` of a quarter it does nothing. Each admin's
    copy is claimed first (a lease named for the quarter and the admin, held well past
    the window), so however often the job runs, each admin gets each quarter once.
    """
    from analytics.periods import last_complete_quarter
    from bot.summary import SummaryUnavailableError, render_report

    services: BotServices = application.bot_data[SERVICES_KEY]
    today = today or flow.today()
    if today.month not in REPORT_MONTHS or today.day > REPORT_WINDOW_DAYS:
        return 0
    period = last_complete_quarter(today)
    recipients = await _admin_ids(services)
    if not recipients:
        return 0
    try:
        document = await render_report(services, period=period)
    except SummaryUnavailableError:
        log.warning("The quarterly report could not be built; admins can use /report")
        return 0
    sent = 0
    for admin_id in recipients:
        if not await _claim_once(services, f"report:{period.code}:{admin_id}", REPORT_CLAIM_TTL):
            continue
        try:
            await application.bot.send_document(
                admin_id,
                document=document,
                filename=f"betteroff-report-{period.code}.html",
                caption=text("en", "report_caption", period=period.label),
            )
            sent += 1
        except TelegramError as error:
            log.warning("Could not send the quarterly report: %s", type(error).__name__)
    if sent:
        log.info("Quarterly report %s sent to %d admins", period.code, sent)
    return sent


async def _admin_ids(services: BotServices) -> list[int]:
    """Admins from settings and from ``betteroff admin add``, once each."""
    from storage.staff import admin_ids

    async with services.db.read() as session:
        added = await admin_ids(session=session)
    return sorted({*services.settings.admins, *added})


async def _claim_once(services: BotServices, name: str, ttl: timedelta) -> bool:
    """Whether this call is the first to claim ``name`` (until ``ttl`` runs out).

    A lease with a holder nobody else will ever use: even this worker, asking again,
    is refused (a lease's own holder would be let in to renew it).
    """
    async with services.write() as session:
        return await acquire_lease(
            session=session, name=name, holder=uuid.uuid4().hex, now=flow.now(), ttl=ttl
        )


# -- one worker at a time ------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """A scheduled job and how long its lease lasts once taken.

    ``lease`` must be longer than one run takes, and — for jobs on an interval — longer
    than the interval, so the worker holding it renews it before it runs out and the
    job stays with one worker while that worker lives.
    """

    name: str
    run: Callable[[Any], Awaitable[Any]]
    lease: timedelta


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("pulse", send_pulse_round, timedelta(hours=1)),
        Job("reminders", send_reminders, timedelta(minutes=REMINDER_EVERY_MINUTES * 1.5)),
        Job("quarterly-report", deliver_quarterly_report, timedelta(hours=1)),
        Job("purge", purge_expired, timedelta(minutes=PURGE_EVERY_MINUTES * 1.5)),
    )
}


@dataclass(frozen=True)
class JobRun:
    """What :func:`run_job` did: whether this worker ran the job, and what it returned."""

    ran: bool
    result: Any = None


def new_worker_id() -> str:
    """Who holds a lease: host and process for people reading the table, plus a random
    part so two workers in one process (the tests) or a reused pid are still told apart."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def worker_id(services: BotServices) -> str:
    """This application's lease holder id, made on first use."""
    found = services.extras.get("worker_id")
    if not isinstance(found, str):
        found = services.extras["worker_id"] = new_worker_id()
    return found


async def run_job(application: Any, name: str) -> JobRun:
    """Run the job ``name`` if this worker holds (or can take) its lease; else skip it.

    The lease is committed before the job starts, so another worker firing at the same
    moment sees it and skips. It is not released after the run: a worker firing the same
    slot a moment later must skip too.
    """
    job = JOBS[name]
    services: BotServices = application.bot_data[SERVICES_KEY]
    # The lease lets its own holder in again, so this worker's own overlapping firings
    # (APScheduler's max_instances aside) are kept apart here.
    running: set[str] = services.extras.setdefault("running_jobs", set())
    if name in running:
        return JobRun(ran=False)
    running.add(name)
    try:
        return await _run_leased(application, services, job)
    finally:
        running.discard(name)


async def _run_leased(application: Any, services: BotServices, job: Job) -> JobRun:
    name = job.name
    async with services.write() as session:
        mine = await acquire_lease(
            session=session,
            name=f"job:{name}",
            holder=worker_id(services),
            now=flow.now(),
            ttl=job.lease,
        )
    if not mine:
        log.debug("Job %s is another worker's just now", name)
        return JobRun(ran=False)
    return JobRun(ran=True, result=await job.run(application))


async def release_jobs(application: Any) -> None:
    """Give up this worker's job leases (on shutdown), so another takes over at once."""
    services: BotServices = application.bot_data[SERVICES_KEY]
    holder = services.extras.get("worker_id")
    if not isinstance(holder, str):
        return  # never ran a job, so holds no lease
    async with services.write() as session:
        for name in JOBS:
            await release_lease(session=session, name=f"job:{name}", holder=holder)


def start_scheduler(application: Any) -> AsyncIOScheduler:
    """Start the jobs on the application's event loop, each behind its lease."""
    services: BotServices = application.bot_data[SERVICES_KEY]
    scheduler = AsyncIOScheduler(timezone=services.settings.timezone)

    def add(name: str, trigger: str, **when: Any) -> None:
        scheduler.add_job(
            run_job,
            trigger,
            args=[application, name],
            id=name,
            coalesce=True,
            max_instances=1,
            # A worker busy or paused a little past the moment still runs the job (the
            # lease and the job's own claims keep it from happening twice).
            misfire_grace_time=300,
            **when,
        )

    # "-31" and not "-last", which APScheduler 3 does not read; short months end sooner.
    add("pulse", "cron", day=f"{PULSE_DAY}-31", hour=PULSE_HOUR)
    add("reminders", "interval", minutes=REMINDER_EVERY_MINUTES)
    add(
        "quarterly-report",
        "cron",
        month=",".join(str(m) for m in REPORT_MONTHS),
        day=f"1-{REPORT_WINDOW_DAYS}",
        hour=REPORT_HOUR,
    )
    add("purge", "interval", minutes=PURGE_EVERY_MINUTES)
    scheduler.start()
    return scheduler
