"""Simulating past quarters: moving the demo's own answers onto earlier days.

The bot stamps every response with the day it was completed, which in a ten-second demo
is today. To show a quarter compared with the one before, the demo runs its people in
two waves and, after each, moves what that wave wrote onto days spread across the
quarter it stands for: the completion days of responses, the day counters of surveys
started and stopped, the day unfinished surveys began, and when invites and pulse rounds
were made. It touches only the demo's own fresh database, and the command says so.

The days a response lands on are drawn at random and have nothing to do with who
answered: the demo cannot tell which response is whose any more than the bot can.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.day_counts import recount
from storage.models import (
    Delivery,
    Invite,
    PulseRound,
    Response,
    Staff,
    SurveySession,
    SurveyStarts,
    SurveyStops,
)
from storage.release import release_held
from storage.sql import dialect_insert

#: Invites are handed out on working days mostly; weekends a quarter as often.
WEEKEND_WEIGHT = 0.25
INVITE_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class Days:
    """Where one wave's rows go: ``first`` to ``last`` inclusive."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"no days between {self.first} and {self.last}")

    def all(self) -> list[date]:
        return [
            self.first + timedelta(days=offset)
            for offset in range((self.last - self.first).days + 1)
        ]


class DayPicker:
    def __init__(self, days: Days, rng: random.Random) -> None:
        self.days = days.all()
        self.weights = [WEEKEND_WEIGHT if d.weekday() >= 5 else 1.0 for d in self.days]
        self.rng = rng

    def day(self) -> date:
        return self.rng.choices(self.days, weights=self.weights)[0]

    def moment(self) -> datetime:
        """A working-hours moment on a picked day, in UTC."""
        minutes = self.rng.randint(9 * 60, 17 * 60)
        return datetime.combine(self.day(), time(), UTC) + timedelta(minutes=minutes)


async def move_wave(
    db: Database, *, since_day: date, since: datetime, to: Days, rng: random.Random
) -> int:
    """Move rows dated ``since_day`` or later (moments ``since`` or later) into ``to``.

    Returns how many responses moved. The wave's responses are first released from the
    holding area whatever their day: the demo stands for days that have passed, and the
    bot would have released them by the time they are reported.
    """
    pick = DayPicker(to, rng)
    async with db.write() as session:
        await release_held(session=session, before=date.max)
    async with db.write() as session:
        ids = (
            await session.scalars(select(Response.id).where(Response.completed_on >= since_day))
        ).all()
        if ids:
            await session.execute(
                update(Response), [{"id": id_, "completed_on": pick.day()} for id_ in ids]
            )
        await _move_counters(session, since_day, pick)
        # The report counts follow the responses to their new days.
        await recount(session=session)
        keys = (
            await session.scalars(
                select(SurveySession.chat_key).where(SurveySession.started_on >= since_day)
            )
        ).all()
        if keys:
            rows = []
            for key in keys:
                began = pick.moment()
                rows.append(
                    {
                        "chat_key": key,
                        "started_on": began.date(),
                        "started_at": began,
                        "last_activity": began + timedelta(minutes=2),
                    }
                )
            await session.execute(update(SurveySession), rows)
        invite_ids = (
            await session.scalars(select(Invite.id).where(Invite.created_at >= since))
        ).all()
        if invite_ids:
            moments = [pick.moment() for _ in invite_ids]
            await session.execute(
                update(Invite),
                [
                    {"id": id_, "created_at": made, "expires_at": made + INVITE_LIFETIME}
                    for id_, made in zip(invite_ids, moments, strict=True)
                ],
            )
        first = datetime.combine(to.first, time(9), UTC)
        for model, column in (
            (PulseRound, PulseRound.created_at),
            (Delivery, Delivery.delivered_at),
            (Staff, Staff.joined_at),
        ):
            await session.execute(
                update(model)
                .where(column >= since)
                .values({column.key: first})
                .execution_options(synchronize_session=False)
            )
    return len(ids)


async def _move_counters(session: AsyncSession, since_day: date, pick: DayPicker) -> None:
    """Spread the started and stopped counters over the new days, keeping their totals."""
    starts = (
        await session.scalars(select(SurveyStarts).where(SurveyStarts.day >= since_day))
    ).all()
    started: Counter[tuple[date, str, str, str]] = Counter()
    for row in starts:
        for _ in range(row.started):
            started[(pick.day(), row.survey_id, row.touchpoint, row.agency)] += 1
    stops = (await session.scalars(select(SurveyStops).where(SurveyStops.day >= since_day))).all()
    stopped: Counter[tuple[date, str, str, str, str]] = Counter()
    for stop in stops:
        for _ in range(stop.stopped):
            key = (pick.day(), stop.survey_id, stop.touchpoint, stop.agency, stop.question_id)
            stopped[key] += 1
    await session.execute(delete(SurveyStarts).where(SurveyStarts.day >= since_day))
    await session.execute(delete(SurveyStops).where(SurveyStops.day >= since_day))
    for (day, survey_id, touchpoint, agency), count in sorted(started.items()):
        insert = dialect_insert(session, SurveyStarts).values(
            day=day, survey_id=survey_id, touchpoint=touchpoint, agency=agency, started=count
        )
        await session.execute(
            insert.on_conflict_do_update(
                index_elements=["day", "survey_id", "touchpoint", "agency"],
                set_={"started": SurveyStarts.started + insert.excluded.started},
            )
        )
    for (day, survey_id, touchpoint, agency, question_id), count in sorted(stopped.items()):
        insert = dialect_insert(session, SurveyStops).values(
            day=day,
            survey_id=survey_id,
            touchpoint=touchpoint,
            agency=agency,
            question_id=question_id,
            stopped=count,
        )
        await session.execute(
            insert.on_conflict_do_update(
                index_elements=["day", "survey_id", "touchpoint", "agency", "question_id"],
                set_={"stopped": SurveyStops.stopped + insert.excluded.stopped},
            )
        )
