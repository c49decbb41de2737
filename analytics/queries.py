"""Reading what a report needs from the database: counts, not rows.

Every query aggregates in SQL and reads only the columns it needs, so a report
over a million answers moves a few hundred rows into Python. Dates are compared
as dates (``completed_on`` has no time); moments (invites, sessions) are compared
with the period's local midnights converted to UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import and_, case, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from analytics.periods import Period
from storage.models import Answer, Invite, Response, StoryReview, SurveySession

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


async def statement_counts(*, session: AsyncSession, periods: Sequence[Period]) -> pd.DataFrame:
    """Counted and positive answers per period × indicator × audience × touchpoint.

    ``periods`` newest first and back to back (a history), so one range scan
    covers them and a ``CASE`` says which period each day falls in.
    """
    period_of = case(
        *[
            (Response.completed_on.between(p.start, p.end), literal(index))
            for index, p in enumerate(periods)
        ],
        else_=literal(-1),
    ).label("period")
    query = (
        select(
            period_of,
            Answer.indicator,
            Response.audience,
            Response.touchpoint,
            func.count().label("n"),
            func.sum(case((Answer.positive == true(), 1), else_=0)).label("positive"),
        )
        .join(Response, Response.id == Answer.response_id)
        .where(
            Answer.indicator.is_not(None),
            Answer.counted == true(),
            Response.completed_on.between(min(p.start for p in periods), periods[0].end),
        )
        .group_by(period_of, Answer.indicator, Response.audience, Response.touchpoint)
    )
    frame = _frame(
        (await session.execute(query)).all(),
        ["period", "indicator", "audience", "touchpoint", "n", "positive"],
    )
    return frame.astype({"period": "int64", "n": "int64", "positive": "int64"})


async def invite_counts(*, session: AsyncSession, period: Period, timezone: str) -> pd.DataFrame:
    """Invites created in the period, per survey × touchpoint × agency."""
    start, after = _utc_bounds(period, timezone)
    query = (
        select(Invite.survey_id, Invite.touchpoint, Invite.agency, func.count().label("issued"))
        .where(Invite.created_at >= start, Invite.created_at < after)
        .group_by(Invite.survey_id, Invite.touchpoint, Invite.agency)
    )
    rows = (await session.execute(query)).all()
    return _frame(rows, ["survey_id", "touchpoint", "agency", "issued"])


async def completed_counts(*, session: AsyncSession, period: Period) -> pd.DataFrame:
    """Responses completed in the period, per survey × touchpoint × agency."""
    query = (
        select(
            Response.survey_id,
            Response.touchpoint,
            Response.agency,
            func.count().label("completed"),
        )
        .where(Response.completed_on.between(period.start, period.end))
        .group_by(Response.survey_id, Response.touchpoint, Response.agency)
    )
    rows = (await session.execute(query)).all()
    return _frame(rows, ["survey_id", "touchpoint", "agency", "completed"])


async def unfinished_counts(
    *, session: AsyncSession, period: Period, timezone: str
) -> pd.DataFrame:
    """Surveys started in the period and not (yet) finished, by the question they stopped at."""
    start, after = _utc_bounds(period, timezone)
    current = SurveySession.state["current"].as_string()
    query = (
        select(
            SurveySession.survey_id,
            SurveySession.touchpoint,
            SurveySession.agency,
            func.coalesce(current, "").label("question_id"),
            func.count().label("unfinished"),
        )
        .where(SurveySession.started_at >= start, SurveySession.started_at < after)
        .group_by(SurveySession.survey_id, SurveySession.touchpoint, SurveySession.agency, current)
    )
    rows = (await session.execute(query)).all()
    return _frame(rows, ["survey_id", "touchpoint", "agency", "question_id", "unfinished"])


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
            Response.completed_on.between(period.start, period.end),
        )
        .order_by(Response.completed_on, Answer.id)
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
        .order_by(Answer.id)
    )
    return _frame((await session.execute(query)).all(), columns)


async def response_total(*, session: AsyncSession) -> int:
    """How many responses the database holds at all (to tell "empty" from "quiet")."""
    return int(await session.scalar(select(func.count()).select_from(Response)) or 0)
