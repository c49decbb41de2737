"""Reading what a report needs from the database: counts, not rows.

Every query aggregates in SQL and reads only the columns it needs, so a report
over a million answers moves a few hundred rows into Python. Answers are counted from
the counts kept per day at the release (:mod:`storage.day_counts`), not read one by one.
Dates are compared as dates (``completed_on``, the start counters' local ``day``);
moments (invites) are compared with the period's local midnights converted to UTC.

Surveys started, and where unfinished ones stopped, come from counters kept by
:mod:`storage.starts` (plus the surveys still in progress), so they do not shrink
when abandoned surveys are purged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from analytics.periods import Period
from storage.models import (
    Answer,
    DayCount,
    Delivery,
    Invite,
    PulseRound,
    Response,
    Staff,
    StoryReview,
    SurveySession,
    SurveyStarts,
    SurveyStops,
)
from storage.starts import NONE

STORY_COLUMNS = (
    "answer_id", "response_id", "survey_id", "audience", "touchpoint", "completed_on",
    "text", "status",
)  # fmt: skip


def _utc_bounds(period: Period, timezone: str) -> tuple[datetime, datetime]:
    """The period's first local midnight and the local midnight after its last day, in UTC."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(period.start, time(), zone)
    after = datetime.combine(date.fromordinal(period.end.toordinal() + 1), time(), zone)
    return start.astimezone(UTC), after.astimezone(UTC)


def _frame(rows: Sequence[object], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=list(columns))  # type: ignore[arg-type]


def statement_counts_query(periods: Sequence[Period]) -> Select[Any]:
    """The query :func:`statement_counts` runs (the benchmark shows its plan).

    It reads the counts kept per day at the release (:mod:`storage.day_counts`), a range
    of days of their primary key: a few hundred rows a month, not the periods' answers,
    and nothing outside the range, so its cost is that of the periods, not the history.
    """
    period_of = case(
        *[
            (DayCount.day.between(p.start, p.end), literal(index))
            for index, p in enumerate(periods)
        ],
        else_=literal(-1),
    ).label("period")
    return (
        select(
            period_of,
            DayCount.indicator,
            DayCount.audience,
            DayCount.touchpoint,
            func.sum(DayCount.n).label("n"),
            func.sum(DayCount.positive).label("positive"),
        )
        .where(DayCount.day.between(min(p.start for p in periods), periods[0].end))
        .group_by(period_of, DayCount.indicator, DayCount.audience, DayCount.touchpoint)
    )


async def statement_counts(*, session: AsyncSession, periods: Sequence[Period]) -> pd.DataFrame:
    """Counted and positive answers per period × indicator × audience × touchpoint.

    ``periods`` newest first and back to back (a history), so one range scan
    covers them and a ``CASE`` says which period each day falls in.
    """
    query = statement_counts_query(periods)
    frame = _frame(
        (await session.execute(query)).all(),
        ["period", "indicator", "audience", "touchpoint", "n", "positive"],
    )
    return frame.astype({"period": "int64", "n": "int64", "positive": "int64"})


def daily_counts_query(first: date, last: date) -> Select[Any]:
    """The query :func:`daily_counts` runs (the benchmark and a test show its plan).

    The counts kept per day (:mod:`storage.day_counts`) from ``first`` to ``last``, a
    range of their primary key, summed over the surveys."""
    query = (
        select(
            DayCount.day,
            DayCount.indicator,
            DayCount.audience,
            DayCount.touchpoint,
            func.sum(DayCount.n).label("n"),
            func.sum(DayCount.positive).label("positive"),
        )
        .where(DayCount.day.between(first, last))
        .group_by(DayCount.day, DayCount.indicator, DayCount.audience, DayCount.touchpoint)
    )
    return cast(Select[Any], query)


DAILY_COLUMNS = ["day", "indicator", "audience", "touchpoint", "n", "positive"]


async def daily_counts(*, session: AsyncSession, first: date, last: date) -> pd.DataFrame:
    """Counted and positive answers per day × indicator × audience × touchpoint.

    One pass over the days a report shows gives both its statements' periods and its
    trend's months (:func:`by_period`): a few hundred rows a month, whatever the history."""
    frame = _frame((await session.execute(daily_counts_query(first, last))).all(), DAILY_COLUMNS)
    return frame.astype({"n": "int64", "positive": "int64"})


def by_period(
    daily: pd.DataFrame, periods: Sequence[Period], *, touchpoint: bool = True
) -> pd.DataFrame:
    """:func:`daily_counts` summed into ``periods`` (newest first), as
    :func:`statement_counts` gives them; days in none of them are left out."""
    keys = ["period", "indicator", "audience", *(["touchpoint"] if touchpoint else [])]
    days = daily["day"].drop_duplicates()
    which = {
        day: next((i for i, p in enumerate(periods) if p.start <= day <= p.end), -1) for day in days
    }
    frame = daily.assign(period=daily["day"].map(which).astype("int64"))
    frame = frame[frame["period"] >= 0]
    summed = frame.groupby(keys, as_index=False, sort=False)[["n", "positive"]].sum()
    return summed.astype({"period": "int64", "n": "int64", "positive": "int64"})


async def invite_counts(*, session: AsyncSession, period: Period, timezone: str) -> pd.DataFrame:
    """Invites created in the period, per survey × touchpoint × agency: all of them
    (``issued``), the single-use ones and how many of those have been opened so far."""
    start, after = _utc_bounds(period, timezone)
    single_use = Invite.multi_use.is_(False)
    query = (
        select(
            Invite.survey_id,
            Invite.touchpoint,
            Invite.agency,
            func.count().label("issued"),
            func.sum(case((single_use, 1), else_=0)).label("single_use"),
            func.sum(case((and_(single_use, Invite.uses_left == 0), 1), else_=0)).label("opened"),
        )
        .where(Invite.created_at >= start, Invite.created_at < after)
        .group_by(Invite.survey_id, Invite.touchpoint, Invite.agency)
    )
    rows = (await session.execute(query)).all()
    frame = _frame(rows, ["survey_id", "touchpoint", "agency", "issued", "single_use", "opened"])
    return frame.astype({"issued": "int64", "single_use": "int64", "opened": "int64"})


async def pulse_deliveries(*, session: AsyncSession, period: Period, timezone: str) -> pd.DataFrame:
    """Practitioners the pulse rounds reached in the period, per survey × agency.

    The pulse's "people invited": it has no invites. Only counts leave the database."""
    start, after = _utc_bounds(period, timezone)
    query = (
        select(PulseRound.survey_id, Staff.agency, func.count().label("delivered"))
        .select_from(Delivery)
        .join(PulseRound, PulseRound.id == Delivery.round_id)
        .join(Staff, Staff.chat_id == Delivery.staff_chat_id)
        .where(Delivery.delivered_at >= start, Delivery.delivered_at < after)
        .group_by(PulseRound.survey_id, Staff.agency)
    )
    rows = (await session.execute(query)).all()
    frame = _frame(rows, ["survey_id", "agency", "delivered"]).assign(touchpoint="pulse")
    return frame[["survey_id", "touchpoint", "agency", "delivered"]].astype({"delivered": "int64"})


def _or_null(column: InstrumentedAttribute[str]) -> ColumnElement[str | None]:
    """The counters' ``""`` for "no touchpoint / agency" as NULL, as responses store it."""
    return func.nullif(column, NONE)


async def completed_counts(*, session: AsyncSession, period: Period) -> pd.DataFrame:
    """Surveys started and responses completed in the period, per survey × touchpoint × agency.

    Started comes from the start counters, completed from the responses; the two are
    summed side by side in one query so every leaf has both (0 where there is none).
    """
    started = (
        select(
            SurveyStarts.survey_id,
            _or_null(SurveyStarts.touchpoint).label("touchpoint"),
            _or_null(SurveyStarts.agency).label("agency"),
            func.sum(SurveyStarts.started).label("started"),
            literal(0).label("completed"),
        )
        .where(SurveyStarts.day.between(period.start, period.end))
        .group_by(SurveyStarts.survey_id, SurveyStarts.touchpoint, SurveyStarts.agency)
    )
    completed = (
        select(
            Response.survey_id,
            Response.touchpoint,
            Response.agency,
            literal(0).label("started"),
            func.count().label("completed"),
        )
        .where(Response.completed_on.between(period.start, period.end))
        .group_by(Response.survey_id, Response.touchpoint, Response.agency)
    )
    both = union_all(started, completed).subquery()
    query = select(
        both.c.survey_id,
        both.c.touchpoint,
        both.c.agency,
        func.sum(both.c.started),
        func.sum(both.c.completed),
    ).group_by(both.c.survey_id, both.c.touchpoint, both.c.agency)
    rows = (await session.execute(query)).all()
    frame = _frame(rows, ["survey_id", "touchpoint", "agency", "started", "completed"])
    return frame.astype({"started": "int64", "completed": "int64"})


async def unfinished_counts(
    *, session: AsyncSession, period: Period, timezone: str | None = None
) -> pd.DataFrame:
    """Surveys started in the period and not (yet) finished, by the question they stopped at.

    Those stopped, replaced or purged come from the stop counters; those still in
    progress from their rows. Both are kept by the local day they were started, so
    ``timezone`` is not needed (it is accepted for callers that pass it).
    """
    current = func.coalesce(SurveySession.state["current"].as_string(), NONE)
    in_progress = (
        select(
            SurveySession.survey_id,
            SurveySession.touchpoint,
            SurveySession.agency,
            current.label("question_id"),
            func.count().label("unfinished"),
        )
        .where(SurveySession.started_on.between(period.start, period.end))
        .group_by(SurveySession.survey_id, SurveySession.touchpoint, SurveySession.agency, current)
    )
    stopped = (
        select(
            SurveyStops.survey_id,
            _or_null(SurveyStops.touchpoint).label("touchpoint"),
            _or_null(SurveyStops.agency).label("agency"),
            SurveyStops.question_id,
            func.sum(SurveyStops.stopped).label("unfinished"),
        )
        .where(SurveyStops.day.between(period.start, period.end))
        .group_by(
            SurveyStops.survey_id,
            SurveyStops.touchpoint,
            SurveyStops.agency,
            SurveyStops.question_id,
        )
    )
    both = union_all(in_progress, stopped).subquery()
    query = select(
        both.c.survey_id,
        both.c.touchpoint,
        both.c.agency,
        both.c.question_id,
        func.sum(both.c.unfinished),
    ).group_by(both.c.survey_id, both.c.touchpoint, both.c.agency, both.c.question_id)
    rows = (await session.execute(query)).all()
    frame = _frame(rows, ["survey_id", "touchpoint", "agency", "question_id", "unfinished"])
    return frame.astype({"unfinished": "int64"})


async def story_rows(
    *, session: AsyncSession, period: Period, include_pending: bool
) -> pd.DataFrame:
    """Stories in the period that were approved (and pending ones if asked)."""
    statuses = ["approved", "pending"] if include_pending else ["approved"]
    query = (
        select(
            Answer.id,
            Answer.response_id,
            Response.survey_id,
            Response.audience,
            Response.touchpoint,
            Response.completed_on,
            func.coalesce(StoryReview.edited_text, Answer.text, "").label("text"),
            StoryReview.status,
        )
        .join(Answer, Answer.id == StoryReview.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(
            StoryReview.status.in_(statuses),
            # Only consented stories are queued; checked again so a report can never
            # quote words their author kept private, whatever put them in the queue.
            Answer.consent_to_quote.is_(True),
            Response.completed_on.between(period.start, period.end),
        )
        .order_by(Response.completed_on, Response.id)  # random within a day: no order of arrival
    )
    return _frame((await session.execute(query)).all(), STORY_COLUMNS)


async def indicator_answers_of(
    *, session: AsyncSession, response_ids: Sequence[str]
) -> pd.DataFrame:
    """The indicator answers of a few responses (the stories'), to find their headline answer."""
    columns = ["response_id", "question_id", "indicator", "codes", "positive", "answer_id"]
    if not response_ids:
        return pd.DataFrame(columns=columns)
    query = (
        select(
            Answer.response_id,
            Answer.question_id,
            Answer.indicator,
            Answer.codes,
            Answer.positive,
            Answer.id,
        )
        .where(and_(Answer.response_id.in_(list(response_ids)), Answer.indicator.is_not(None)))
        .order_by(Answer.response_id, Answer.position)
    )
    return _frame((await session.execute(query)).all(), columns)


async def response_months(*, session: AsyncSession) -> tuple[date, date] | None:
    """The first and last day a response was completed on, or None when there is none.

    Two index reads (``completed_on`` is indexed); the report shows only their months."""
    first = await session.scalar(select(func.min(Response.completed_on)))
    last = await session.scalar(select(func.max(Response.completed_on)))
    return None if first is None or last is None else (first, last)


async def any_responses(*, session: AsyncSession) -> bool:
    """Whether the database holds any response at all (to tell "empty" from "quiet").

    ``EXISTS``, not a count: counting would read the whole history for one bit."""
    return bool(await session.scalar(select(exists().select_from(Response))))
