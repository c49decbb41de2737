"""Surveys in progress and their completion, on both backends."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select
from storage_sample import NOW, RAW_DETAILS, STATES, SURVEY, TODAY, answer_all, completed, start

from storage.database import Database
from storage.models import Answer, Response, StoryReview, SurveySession
from storage.responses import complete_survey, withdraw_response
from storage.sessions import (
    advance_session,
    drop_session,
    load_session,
    mark_reminded,
    reminders_due,
)
from tests.released import release_all, released_id

CHAT_ID = 5_550_123_456


async def _start(db: Database, chat_id: int = CHAT_ID) -> str:
    return await start(db, chat_id, touchpoint="closure")


async def _count(db: Database, model: type) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_survey_in_progress_keeps_its_state_with_free_text_redacted(
    database: Database,
) -> None:
    key = await _start(database)
    await answer_all(database, key)
    async with database.read() as session:
        progress = await load_session(session=session, chat_key=key)
    assert progress is not None
    assert progress.step == len(STATES) - 1
    assert (progress.survey_id, progress.survey_version) == (SURVEY.id, SURVEY.version)
    assert (progress.agency, progress.team, progress.touchpoint) == ("CSC", "north", "closure")
    answers = progress.state["answers"]
    assert answers["listened"] == "agree" and answers["helped"] == ["visits", "calls"]
    assert answers["visits"] == 3
    for detail in RAW_DETAILS.values():
        assert detail not in answers["story"]


async def test_completion_writes_the_response_and_deletes_the_session_together(
    database: Database, secret: str
) -> None:
    key = await _start(database)
    await answer_all(database, key)
    async with database.write() as session:
        receipt = await complete_survey(
            session=session,
            chat_key=key,
            completed=completed(flags=("self_harm",)),
            today=TODAY,
            secret=secret,
        )
    assert receipt is not None and receipt.flagged
    assert len(receipt.withdrawal_code) == 8
    assert await _count(database, SurveySession) == 0
    released = await released_id(database, receipt.withdrawal_code)
    async with database.read() as session:
        response = await session.get(Response, released)
        answers = {a.question_id: a for a in await session.scalars(select(Answer))}
        reviews = list(await session.scalars(select(StoryReview)))
    assert response is not None
    assert (response.survey_id, response.survey_version, response.audience) == (
        "parent-review",
        2,
        "parent_carer",
    )
    # the invite's touchpoint wins over the survey's own
    assert (response.touchpoint, response.agency, response.team) == ("closure", "CSC", "north")
    assert response.completed_on == TODAY
    assert response.flagged and response.flag_reasons == "self_harm"
    assert answers["listened"].codes == "agree"
    assert (answers["listened"].counted, answers["listened"].positive) == (True, True)
    assert answers["helped"].codes == "visits;calls"
    assert answers["visits"].number == 3
    assert answers["story"].story and answers["story"].consent_to_quote
    assert [(r.answer_id, r.status) for r in reviews] == [(answers["story"].id, "pending")]


async def test_the_same_answer_twice_is_applied_once(database: Database) -> None:
    key = await _start(database)
    async with database.write() as session:
        assert await advance_session(
            session=session, chat_key=key, survey=SURVEY, expected_step=0, state=STATES[1], now=NOW
        )
    async with database.write() as session:
        assert not await advance_session(
            session=session, chat_key=key, survey=SURVEY, expected_step=0, state=STATES[1], now=NOW
        )

    async def apply_once() -> bool:
        async with database.write() as session:
            return await advance_session(
                session=session,
                chat_key=key,
                survey=SURVEY,
                expected_step=1,
                state=STATES[2],
                now=NOW,
            )

    results = await asyncio.gather(*(apply_once() for _ in range(2)))
    assert sorted(results) == [False, True]
    async with database.read() as session:
        progress = await load_session(session=session, chat_key=key)
    assert progress is not None and progress.step == 2


async def test_a_completion_applied_twice_at_once_is_stored_once(
    database: Database, secret: str
) -> None:
    key = await _start(database)

    async def complete_once() -> object:
        async with database.write() as session:
            return await complete_survey(
                session=session, chat_key=key, completed=completed(), today=TODAY, secret=secret
            )

    receipts = await asyncio.gather(*(complete_once() for _ in range(2)))
    assert sum(r is not None for r in receipts) == 1
    assert await release_all(database) == 1
    assert await _count(database, Answer) == len(completed().answers)
    # and once more, later: nothing to complete
    assert await complete_once() is None
    assert await release_all(database) == 0
    assert await _count(database, Response) == 1


async def test_completion_checks_the_expected_step(database: Database, secret: str) -> None:
    key = await _start(database)
    async with database.write() as session:
        stale = await complete_survey(
            session=session,
            chat_key=key,
            completed=completed(),
            today=TODAY,
            secret=secret,
            expected_step=3,
        )
    assert stale is None
    assert await _count(database, SurveySession) == 1


async def test_withdrawal_deletes_the_response_and_everything_under_it(
    database: Database, secret: str
) -> None:
    key = await _start(database)
    async with database.write() as session:
        receipt = await complete_survey(
            session=session, chat_key=key, completed=completed(), today=TODAY, secret=secret
        )
    assert receipt is not None
    async with database.write() as session:
        assert not await withdraw_response(session=session, code="AAAAAAAA", secret=secret)
    typed = f" {receipt.withdrawal_code[:4].lower()}-{receipt.withdrawal_code[4:]} "
    async with database.write() as session:
        assert await withdraw_response(session=session, code=typed, secret=secret)
    for model in (Response, Answer, StoryReview):
        assert await _count(database, model) == 0


async def test_starting_again_replaces_the_unfinished_survey(database: Database) -> None:
    key = await _start(database)
    await answer_all(database, key)
    await _start(database)
    async with database.read() as session:
        progress = await load_session(session=session, chat_key=key)
    assert progress is not None and progress.step == 0
    async with database.write() as session:
        assert await drop_session(session=session, chat_key=key)
        assert not await drop_session(session=session, chat_key=key)


async def test_reminders_reach_the_chat_once(database: Database, secret: str) -> None:
    key = await _start(database)
    async with database.read() as session:
        assert await reminders_due(session=session, idle_since=NOW, secret=secret) == []
        due = await reminders_due(
            session=session, idle_since=NOW + timedelta(hours=25), secret=secret
        )
    assert [(d.chat_key, d.chat_id, d.survey_id) for d in due] == [(key, CHAT_ID, SURVEY.id)]
    async with database.write() as session:
        assert await mark_reminded(session=session, chat_key=key)
        assert not await mark_reminded(session=session, chat_key=key)
    async with database.read() as session:
        later = NOW + timedelta(hours=25)
        assert await reminders_due(session=session, idle_since=later, secret=secret) == []
