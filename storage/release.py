"""The holding area: finished surveys wait for their day to end, then go out together.

Completing a survey writes one ``held_responses`` row, in the transaction that deletes the
survey in progress. Everything that transaction writes can be tied to it: on PostgreSQL
its rows share ``xmin`` and sit in the table in order of arrival, and on SQLite its pages
follow each other in the WAL. So nothing in the reporting tables is written then.

:func:`release_held` moves every finished day (``completed_on`` before ``before``) into
``responses``, ``answers`` and the story queue in ONE transaction, in random order, with
fresh ids, and adds their answers to the counts reports read (:mod:`storage.day_counts`):
every released response of a day has the same ``xmin``, none of them the
completing transaction's, and neither their ids nor their place on disk say which came
first. The held rows go in the same transaction; the purge then scrubs them from the disk
(:mod:`storage.scrub`). Reports therefore lag by up to a day.

``/withdraw`` works on both sides of the release: the withdrawal code's keyed hash moves
with the response.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any, cast

from sqlalchemy import String, Table, delete, func, insert, literal, select

from storage import day_counts, keys
from storage.database import Database
from storage.models import STORY_PENDING, Answer, HeldResponse, Response, StoryReview
from storage.sql import Executor, rowcount

_RESPONSES = cast(Table, Response.__table__)
_ANSWERS = cast(Table, Answer.__table__)
_HELD = cast(Table, HeldResponse.__table__)
_REVIEWS = cast(Table, StoryReview.__table__)


async def hold_response(
    *,
    session: Executor,
    completed_on: date,
    withdrawal_hash: str,
    response: dict[str, Any],
    answers: list[dict[str, Any]],
) -> str:
    """Keep a finished survey until its day is over; its (held, not released) id."""
    held_id = secrets.token_hex(16)
    await session.execute(
        insert(_HELD),
        {
            "id": held_id,
            "completed_on": completed_on,
            "withdrawal_hash": withdrawal_hash,
            "response": response,
            "answers": answers,
        },
    )
    return held_id


async def release_held(*, session: Executor, before: date) -> int:
    """Release every response held from a day before ``before``; how many went.

    One transaction (the caller's): all of a day's responses get the same transaction id,
    in an order drawn at random, with ids made now.
    """
    rows = list(
        await session.execute(
            select(
                _HELD.c.id,
                _HELD.c.completed_on,
                _HELD.c.withdrawal_hash,
                _HELD.c.response,
                _HELD.c.answers,
            ).where(_HELD.c.completed_on < before)
        )
    )
    if not rows:
        return 0
    secrets.SystemRandom().shuffle(rows)
    responses: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    shared: list[str] = []
    counts: dict[day_counts.Key, list[int]] = {}
    for _held_id, completed_on, withdrawal_hash, response, held_answers in rows:
        response_id = secrets.token_hex(16)
        responses.append(
            {
                **response,
                "id": response_id,
                "completed_on": completed_on,
                "withdrawal_hash": withdrawal_hash,
            }
        )
        day_counts.tally(day=completed_on, response=response, answers=held_answers, into=counts)
        ids = keys.new_answer_ids(len(held_answers))
        for answer_id, answer in zip(ids, held_answers, strict=True):
            answers.append({**answer, "id": answer_id, "response_id": response_id})
            if answer["story"] and answer["consent_to_quote"] and answer["text"]:
                shared.append(response_id)
    await session.execute(delete(_HELD).where(_HELD.c.id.in_([row[0] for row in rows])))
    await session.execute(insert(_RESPONSES), responses)
    if answers:
        await session.execute(insert(_ANSWERS), answers)
    await day_counts.add_released(session=session, counts=counts)
    if shared:
        # Stories shared with consent join the review queue, found by their response.
        await session.execute(
            insert(_REVIEWS).from_select(
                ["answer_id", "status"],
                select(_ANSWERS.c.id, literal(STORY_PENDING, String)).where(
                    _ANSWERS.c.response_id.in_(sorted(set(shared))),
                    _ANSWERS.c.story.is_(True),
                    _ANSWERS.c.consent_to_quote.is_(True),
                    _ANSWERS.c.text.is_not(None),
                ),
            )
        )
    return len(rows)


async def release_finished_days(db: Database, *, today: date) -> int:
    """:func:`release_held` in a transaction of its own, as the purge job runs it.

    Its own, so the released rows share their ``xmin`` with nothing else (not even the
    purge's counters of abandoned surveys).
    """
    async with db.write() as session:
        return await release_held(session=session, before=today)


async def held_before(*, session: Executor, before: date) -> int:
    """How many held responses a release before ``before`` would move."""
    query = select(func.count()).select_from(_HELD).where(_HELD.c.completed_on < before)
    return int(await session.scalar(query) or 0)


async def withdraw_held(*, session: Executor, withdrawal_hash: str) -> bool:
    """Delete a held response by its withdrawal code's hash; whether there was one."""
    result = await session.execute(delete(_HELD).where(_HELD.c.withdrawal_hash == withdrawal_hash))
    return rowcount(result) > 0
