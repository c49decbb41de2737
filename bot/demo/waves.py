"""The demo's people, wave by wave: the previous quarter's, then this quarter's.

Each wave hands out invites (and a forum link, made in the bot with ``/invite``), runs
the pulse job in the bot's process, lets everyone answer at once — up to a limit — and
then moves what the wave wrote onto days in its quarter (:mod:`bot.demo.history`). The
admin reviews stories with ``/stories`` throughout, and finishes once everyone is done.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from analytics.periods import quarter_containing
from bot.demo import history
from bot.demo.botproc import BotProcess
from bot.demo.drive import (
    DemoFailure,
    LogCapture,
    Stage,
    forum_link,
    join_staff,
    review_stories,
    take_survey,
)
from bot.demo.people import ADMIN_ID, AGENCIES, Cast, Journey, Quarter
from bot.emulator import Emulator
from storage.database import Database

#: The bot's @username on the emulator, for deep links.
DEMO_BOT = "betteroff_demo_bot"
#: The forum link a facilitator makes stays open this long.
FORUM_MINUTES = 120
#: How many runs of the pulse job go at once (see :meth:`Waves.wave`).
PULSE_WORKERS = 8
#: Seconds the pulse job may run before the families arrive.
PULSE_HEAD_START = 3.0
#: Unused invites, as a share of those handed out: not everyone opens the link.
UNOPENED = 0.1

#: ``progress(label, done, total)`` after each survey taken.
Progress = Callable[[str, int, int], None]


class ErrorHints:
    """The bot's errors (from its process) first, then this process's."""

    def __init__(self, bot: BotProcess, logged: LogCapture) -> None:
        self.bot = bot
        self.logged = logged

    def hint(self) -> str:
        return self.bot.hint() or self.logged.hint()


def _first_failure(group: BaseExceptionGroup[BaseException]) -> BaseException:
    leaves: list[BaseException] = []

    def walk(error: BaseException) -> None:
        if isinstance(error, BaseExceptionGroup):
            for inner in error.exceptions:
                walk(inner)
        else:
            leaves.append(error)

    walk(group)
    failures = [leaf for leaf in leaves if isinstance(leaf, DemoFailure)]
    return (failures or leaves)[0]


@dataclass
class Waves:
    """One demo run's moving parts: the people, the bot and the emulator, wave by wave."""

    cast: Cast
    db: Database
    emulator: Emulator
    bot: BotProcess
    stage: Stage
    today: date
    since_day: date
    progress: Progress
    seed: int
    concurrency: int
    done: int = 0
    #: Responses moved onto days in each quarter (see :mod:`bot.demo.history`).
    moved: dict[str, int] = field(default_factory=dict)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed + 1)

    def advance(self, label: str) -> None:
        self.done += 1
        self.progress(label, self.done, len(self.cast.journeys))

    async def join_codes(self) -> dict[tuple[str, str], str]:
        from storage.staff import create_join_code, ensure_agency

        now = datetime.now(UTC)
        codes: dict[tuple[str, str], str] = {}
        async with self.db.write() as session:
            for agency, (name, _) in AGENCIES.items():
                await ensure_agency(session=session, code=agency, name=name, now=now)
            for member in self.cast.pulse_staff:
                key = (member.agency, member.team)
                if key not in codes:
                    codes[key] = await create_join_code(
                        session=session, agency=member.agency, team=member.team,
                        secret=self.db.secret, now=now,
                    )  # fmt: skip
        return codes

    async def invite_links(self, journeys: list[Journey]) -> dict[int, str]:
        """One single-use invite per family and training journey, and a few never opened."""
        from bot.qr import deep_link
        from storage.invites import create_invites

        invited = [j for j in journeys if j.route in ("invite", "training")]
        unopened = self.rng.sample(invited, round(len(invited) * UNOPENED))
        now = datetime.now(UTC)
        links: dict[int, str] = {}
        async with self.db.write() as session:
            for journey in [*invited, *unopened]:
                survey = self.stage.surveys[journey.survey_id]
                (token,) = await create_invites(
                    session=session, survey_id=survey.id, agency=journey.agency,
                    team=journey.team, touchpoint=survey.touchpoint, uses=1, now=now,
                    expires_at=now + history.INVITE_LIFETIME,
                )  # fmt: skip
                links.setdefault(journey.number, deep_link(DEMO_BOT, token))
        return links

    async def one(self, journey: Journey, link: str | None, gate: asyncio.Semaphore) -> None:
        user = self.emulator.user(
            journey.user_id, journey.first_name, language_code=journey.language
        )
        label = "Previous quarter (simulated)" if journey.quarter == "previous" else "This quarter"
        if link is None:  # the pulse arrives when the job gets to this person
            await take_survey(self.stage, journey, user)
        else:
            async with gate:
                await take_survey(self.stage, journey, user, link=link)
        self.advance(label)

    async def wave(self, quarter: Quarter, to: history.Days, pulse_period: str) -> None:
        began = datetime.now(UTC)
        journeys = self.cast.of(quarter)
        links = await self.invite_links(journeys)
        if any(j.route == "forum" for j in journeys):
            facilitator = self.emulator.user(self.cast.facilitator.user_id, "Facilitator")
            link = await forum_link(self.stage, facilitator, FORUM_MINUTES)
            links.update({j.number: link for j in journeys if j.route == "forum"})
        gate = asyncio.Semaphore(self.concurrency)
        async with asyncio.TaskGroup() as group:
            pulse = group.create_task(self.bot.pulse(pulse_period, PULSE_WORKERS))
            # The job claims staff one at a time; once hundreds of families are tapping,
            # each claim waits its turn for the database. A head start keeps it brisk.
            await asyncio.wait({pulse}, timeout=PULSE_HEAD_START)
            for journey in journeys:
                group.create_task(self.one(journey, links.get(journey.number), gate))
        staff = len(self.cast.pulse_staff)
        if pulse.result() != staff:
            raise DemoFailure(
                f"The pulse job reached {pulse.result()} of the {staff} members of staff who "
                "joined; it should reach each of them once."
            )
        self.moved[quarter] = await history.move_wave(
            self.db, since_day=self.since_day, since=began, to=to, rng=self.rng
        )

    async def everything(self, all_driven: asyncio.Event) -> None:
        codes = await self.join_codes()
        async with asyncio.TaskGroup() as group:
            for member in self.cast.pulse_staff:
                user = self.emulator.user(member.user_id, "Staff")
                group.create_task(join_staff(self.stage, user, codes[(member.agency, member.team)]))
        current = quarter_containing(self.today)
        previous = current.previous()
        last_before = min(previous.end, self.since_day - timedelta(days=1))
        middle = previous.start + timedelta(days=40)
        await self.wave("previous", history.Days(previous.start, last_before), f"{middle:%Y-%m}")
        await self.wave("current", history.Days(current.start, self.today), f"{self.today:%Y-%m}")
        all_driven.set()

    async def drive(self) -> None:
        """Everyone, both waves, with the admin reviewing stories as they come in."""
        admin = self.emulator.user(ADMIN_ID, "Admin", language_code="en")
        all_driven = asyncio.Event()
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(
                    review_stories(self.stage, admin, random.Random(self.seed + 2), all_driven)
                )
                group.create_task(self.everything(all_driven))
        except BaseExceptionGroup as group_error:
            raise _first_failure(group_error) from None
