"""Counters of surveys started, and of where unfinished ones stopped.

A survey in progress is a row in ``survey_sessions`` only until it is completed, stopped,
replaced by another survey or purged as abandoned. "How many started" and "where did
people stop" must outlive those rows, so they are kept as counters by day, survey,
touchpoint and agency:

- :func:`count_start` — in the transaction that starts a survey;
- :func:`forget_unfinished` — deletes session rows that will never be completed and, in
  the same statement's transaction, counts each under the question it was waiting on.

Both are ``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``: atomic on SQLite and
PostgreSQL, so two workers starting surveys at once never lose a count. No counter holds
a team (see :mod:`storage.models`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Insert, bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite

from storage.models import SurveySession, SurveyStarts, SurveyStops
from storage.sql import Executor, dialect_insert, dialect_name, insert_per_dialect

#: What a counter stores for "no touchpoint", "no agency" or "no current question".
NONE = ""


@dataclass(frozen=True, order=True)
class Stop:
    """One unfinished survey: the day it was started and the question it stopped at."""

    day: date
    survey_id: str
    touchpoint: str | None
    agency: str | None
    question_id: str | None


def _count_start(insert: postgresql.Insert | sqlite.Insert) -> Insert:
    statement = insert.values(
        day=bindparam("day"),
        survey_id=bindparam("survey_id"),
        touchpoint=bindparam("touchpoint"),
        agency=bindparam("agency"),
        started=1,
    )
    return statement.on_conflict_do_update(
        index_elements=["day", "survey_id", "touchpoint", "agency"],
        set_={"started": SurveyStarts.started + statement.excluded.started},
    )


#: Built once per dialect: every survey started runs it.
_COUNT_START = insert_per_dialect(SurveyStarts, _count_start)


async def count_start(
    *,
    session: Executor,
    day: date,
    survey_id: str,
    touchpoint: str | None,
    agency: str | None,
) -> None:
    """Add one to the surveys of ``survey_id`` started on ``day`` at this touchpoint and agency."""
    await session.execute(
        _COUNT_START[dialect_name(session)],
        {
            "day": day,
            "survey_id": survey_id,
            "touchpoint": touchpoint or NONE,
            "agency": agency or NONE,
        },
    )


async def count_stops(*, session: Executor, stops: Iterable[Stop]) -> int:
    """Add the unfinished surveys in ``stops`` to their counters; how many there were."""
    tally = Counter(
        (s.day, s.survey_id, s.touchpoint or NONE, s.agency or NONE, s.question_id or NONE)
        for s in stops
    )
    if not tally:
        return 0
    # One statement, rows in key order: two purges at once then lock counters in the
    # same order and cannot deadlock (PostgreSQL); each key appears once, as ON CONFLICT
    # requires of a multi-row insert.
    insert = dialect_insert(session, SurveyStops).values(
        [
            {
                "day": day,
                "survey_id": survey_id,
                "touchpoint": touchpoint,
                "agency": agency,
                "question_id": question_id,
                "stopped": count,
            }
            for (day, survey_id, touchpoint, agency, question_id), count in sorted(tally.items())
        ]
    )
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=["day", "survey_id", "touchpoint", "agency", "question_id"],
            set_={"stopped": SurveyStops.stopped + insert.excluded.stopped},
        )
    )
    return sum(tally.values())


async def forget_unfinished(*, session: Executor, where: ColumnElement[bool]) -> int:
    """Delete the surveys in progress matching ``where``, counting where each stopped.

    For surveys that will not be completed (``/stop``, a new survey replacing one, the
    purge of abandoned ones). ``DELETE … RETURNING`` counts exactly the rows this
    statement removed, even if another worker changed or removed others meanwhile.
    """
    current = SurveySession.state["current"].as_string()
    gone = await session.execute(
        delete(SurveySession)
        .where(where)
        .returning(
            SurveySession.started_on,
            SurveySession.survey_id,
            SurveySession.touchpoint,
            SurveySession.agency,
            current,
        )
    )
    return await count_stops(session=session, stops=(Stop(*row) for row in gone.all()))


__all__ = ["NONE", "Stop", "count_start", "count_stops", "forget_unfinished"]
