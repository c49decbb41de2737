"""The holding area: a day's responses go out together, after the day, and can be withdrawn
on either side of the release."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from storage.database import Database
from storage.models import Answer, HeldResponse, Response, StoryReview
from storage.release import release_held
from storage.responses import withdraw_response

sys.path.insert(0, str(Path(__file__).parent.parent / "storage"))
from storage_sample import TODAY, answer_all, finish, start


async def _finish_one(database: Database, chat_id: int) -> str:
    key = await start(database, chat_id)
    await answer_all(database, key)
    receipt = await finish(database, key)
    assert receipt is not None
    return receipt.withdrawal_code


async def _count(database: Database, model: type) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_day_is_released_only_once_it_is_over_with_fresh_ids(database: Database) -> None:
    codes = [await _finish_one(database, 6_100_000_000 + n) for n in range(4)]
    async with database.read() as session:
        held_ids = set(await session.scalars(select(HeldResponse.id)))
    assert len(held_ids) == 4 and await _count(database, Response) == 0

    async with database.write() as session:
        assert await release_held(session=session, before=TODAY) == 0  # the day is not over
    async with database.write() as session:
        assert await release_held(session=session, before=TODAY + timedelta(days=1)) == 4

    assert await _count(database, HeldResponse) == 0
    async with database.read() as session:
        released = set(await session.scalars(select(Response.id)))
        days = set(await session.scalars(select(Response.completed_on)))
    assert len(released) == 4 and not released & held_ids, "released with ids made at release"
    assert days == {TODAY}
    assert await _count(database, Answer) > 0
    assert await _count(database, StoryReview) == 4  # each shared its story
    assert len(codes) == 4


async def test_withdrawal_works_before_and_after_release(database: Database) -> None:
    early, late = (
        await _finish_one(database, 6_200_000_001),
        await _finish_one(database, 6_200_000_002),
    )
    async with database.write() as session:
        assert await withdraw_response(session=session, code=early, secret=database.secret)
    async with database.write() as session:
        await release_held(session=session, before=TODAY + timedelta(days=1))
    assert await _count(database, Response) == 1
    async with database.write() as session:
        assert await withdraw_response(session=session, code=late, secret=database.secret)
        assert not await withdraw_response(session=session, code=early, secret=database.secret)
    assert await _count(database, Response) == 0
    assert await _count(database, Answer) == 0


def test_reports_say_they_lag_by_up_to_a_day() -> None:
    from analytics.context import method_note

    said = " ".join(method_note(10))
    assert "the day after" in said and "today's responses" in said
