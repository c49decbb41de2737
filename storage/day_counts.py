"""Answers counted per day, kept as they are released, so reports read counts, not answers.

``day_counts`` holds, per day, survey, indicator, audience and touchpoint, the counted
answers (``n``) and the positive ones. It changes only in the transactions that change
the answers it counts, so it always equals a recount of them (:func:`recounted`):

- :func:`add_released` — the daily release (:mod:`storage.release`), with the day's answers;
- :func:`subtract_released` — a withdrawal, before it deletes the response; a count that
  reaches 0 is deleted, so no row says someone answered and then withdrew;
- :func:`forget_before` — the retention purge, with the responses it deletes.

Counts are added by ``INSERT … ON CONFLICT DO UPDATE`` and taken off by a relative
``UPDATE`` (``n = n - …``), both atomic on SQLite and PostgreSQL. No agency, no team, no
time: nothing finer than the responses themselves carry (see :mod:`storage.models`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    Insert,
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    true,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects import postgresql, sqlite

from storage.models import Answer, DayCount, Response
from storage.sql import Executor, dialect_name, insert_per_dialect

#: (day, survey_id, indicator, audience, touchpoint)
Key = tuple[date, str, str, str, str]
KEY_COLUMNS = ("day", "survey_id", "indicator", "audience", "touchpoint")


def tally(
    *,
    day: date,
    response: Mapping[str, Any],
    answers: Iterable[Mapping[str, Any]],
    into: dict[Key, list[int]] | None = None,
) -> dict[Key, list[int]]:
    """The counted answers of one response (its columns, its answers' columns) as
    ``{key: [n, positive]}``, added to ``into`` if given."""
    counts: dict[Key, list[int]] = {} if into is None else into
    for answer in answers:
        if answer.get("indicator") is None or not answer.get("counted"):
            continue
        key = (
            day,
            str(response["survey_id"]),
            str(answer["indicator"]),
            str(response["audience"]),
            str(response["touchpoint"]),
        )
        both = counts.setdefault(key, [0, 0])
        both[0] += 1
        both[1] += 1 if answer.get("positive") else 0
    return counts


def _rows(counts: Mapping[Key, list[int]]) -> list[dict[str, Any]]:
    return [
        {**dict(zip(KEY_COLUMNS, key, strict=True)), "n": n, "positive": positive}
        for key, (n, positive) in sorted(counts.items())
    ]


def _add(statement: postgresql.Insert | sqlite.Insert) -> Insert:
    return statement.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS),
        set_={
            "n": DayCount.n + statement.excluded.n,
            "positive": DayCount.positive + statement.excluded.positive,
        },
    )


_ADD = insert_per_dialect(DayCount, _add)


async def add_released(*, session: Executor, counts: Mapping[Key, list[int]]) -> None:
    """Add released answers' counts (:func:`tally`), in the release's transaction."""
    if counts:
        await session.execute(_ADD[dialect_name(session)], _rows(counts))


#: The table, not the ORM entity: an ORM UPDATE given many rows would update by primary key.
_TABLE = cast(Table, DayCount.__table__)


def _same_key() -> Any:
    return and_(*[_TABLE.c[column] == bindparam(f"k_{column}") for column in KEY_COLUMNS])


_SUBTRACT = (
    sql_update(_TABLE)
    .where(_same_key())
    .values(n=_TABLE.c.n - bindparam("k_n"), positive=_TABLE.c.positive - bindparam("k_positive"))
)
_DELETE_EMPTY = delete(_TABLE).where(_same_key(), _TABLE.c.n <= 0)


async def subtract_released(*, session: Executor, response_id: str) -> None:
    """Take a released response's answers off the counts, before it is deleted.

    The caller deletes the response in the same transaction, having locked its row
    (:func:`storage.responses.withdraw_response`), so two withdrawals at once cannot
    both subtract."""
    columns = (Response.completed_on, Response.survey_id, Response.audience, Response.touchpoint)
    found = (await session.execute(select(*columns).where(Response.id == response_id))).first()
    if found is None:
        return
    day, survey_id, audience, touchpoint = found
    answers = await session.execute(
        select(Answer.indicator, Answer.counted, Answer.positive).where(
            Answer.response_id == response_id
        )
    )
    counts = tally(
        day=day,
        response={"survey_id": survey_id, "audience": audience, "touchpoint": touchpoint},
        answers=[dict(row._mapping) for row in answers],
    )
    if not counts:
        return
    rows = [{f"k_{name}": value for name, value in row.items()} for row in _rows(counts)]
    await session.execute(_SUBTRACT, rows)
    keys = [{f"k_{column}": row[f"k_{column}"] for column in KEY_COLUMNS} for row in rows]
    await session.execute(_DELETE_EMPTY, keys)


async def forget_before(*, session: Executor, day: date) -> None:
    """Delete the counts of days before ``day`` (the retention purge's responses)."""
    await session.execute(delete(DayCount).where(DayCount.day < day))


def recount_query() -> Select[Any]:
    """The counts as the answers give them, grouped as ``day_counts`` keeps them."""
    query = (
        select(
            Response.completed_on,
            Response.survey_id,
            Answer.indicator,
            Response.audience,
            Response.touchpoint,
            func.count().label("n"),
            func.sum(case((Answer.positive == true(), 1), else_=0)).label("positive"),
        )
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.indicator.is_not(None), Answer.counted == true())
        .group_by(
            Response.completed_on,
            Response.survey_id,
            Answer.indicator,
            Response.audience,
            Response.touchpoint,
        )
    )
    return cast(Select[Any], query)


async def recounted(*, session: Executor) -> list[tuple[Any, ...]]:
    """A recount from the answers, sorted: what ``day_counts`` must equal."""
    return sorted(tuple(row) for row in await session.execute(recount_query()))


async def kept(*, session: Executor) -> list[tuple[Any, ...]]:
    """The counts ``day_counts`` holds, sorted, in :func:`recounted`'s shape."""
    columns = [getattr(DayCount, column) for column in (*KEY_COLUMNS, "n", "positive")]
    return sorted(tuple(row) for row in await session.execute(select(*columns)))


async def recount(*, session: Executor) -> None:
    """Make ``day_counts`` again from the answers, for rows written around the release
    (the demo's moved days, the benchmark's bulk-built databases)."""
    await session.execute(delete(DayCount))
    await session.execute(
        insert(DayCount).from_select([*KEY_COLUMNS, "n", "positive"], recount_query())
    )
