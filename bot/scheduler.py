"""Jobs on a clock (APScheduler): the monthly staff pulse, reminders, and retention purges.

Every job is idempotent: it claims its work in the database (a delivery row, a
``reminder_sent`` flag) and commits before it sends, so running it twice — a restart, two
workers, a misfire caught up — sends nothing twice. The price is at-most-once: a send
that fails after its claim is not retried, which for a reminder or a pulse is the kinder
failure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.error import TelegramError

from bot import flow
from bot.context import SERVICES_KEY, BotServices
from bot.texts import text
from storage import purge, rounds, sessions
from surveys.engine import Ask
from surveys.model import Survey

log = logging.getLogger(__name__)

#: The pulse goes out on this day of each month; later days catch up anyone missed
#: (new joiners, or someone mid-survey on the day).
PULSE_DAY = 1
PULSE_HOUR = 10
REMINDER_EVERY_MINUTES = 10
PURGE_EVERY_MINUTES = 60


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
    sent = busy = 0
    for survey in pulse_surveys(services):
        async with services.write() as session:
            round_id = await rounds.open_round(
                session=session, survey_id=survey.id, period=period, now=flow.now()
            )
            waiting = await rounds.undelivered_staff(session=session, round_id=round_id)
        for member in waiting:
            started = await _claim_and_start(services, survey, round_id, member)
            if started is None:
                busy += 1
                continue
            if not started:
                continue
            sent += 1
            await _send_pulse(application, services, member.chat_id, survey)
    if sent or busy:
        log.info("Pulse round %s: sent %d, %d busy with another survey", period, sent, busy)
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
        await flow.start_for_staff(
            services,
            session,
            chat_id=member.chat_id,
            survey=survey,
            agency=member.agency,
            team=member.team,
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
            number=current.step,
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
    """Abandoned surveys after ``abandon_after_days``; old responses; old update ids."""
    services: BotServices = application.bot_data[SERVICES_KEY]
    settings = services.settings
    async with services.write() as session:
        report = await purge.purge(
            session=session,
            now=flow.now(),
            today=flow.today(),
            abandon_after=timedelta(days=settings.abandon_after_days),
            retention_days=settings.retention_days,
        )
    return report


def start_scheduler(application: Any) -> AsyncIOScheduler:
    """Start the jobs on the application's event loop."""
    services: BotServices = application.bot_data[SERVICES_KEY]
    scheduler = AsyncIOScheduler(timezone=services.settings.timezone)
    common = {"args": [application], "coalesce": True, "max_instances": 1}
    scheduler.add_job(
        send_pulse_round, "cron", day=f"{PULSE_DAY}-last", hour=PULSE_HOUR, id="pulse", **common
    )
    scheduler.add_job(
        send_reminders, "interval", minutes=REMINDER_EVERY_MINUTES, id="reminders", **common
    )
    scheduler.add_job(purge_expired, "interval", minutes=PURGE_EVERY_MINUTES, id="purge", **common)
    scheduler.start()
    return scheduler
