"""The counts reports read (``day_counts``) always equal a recount of the answers: after the
release, after withdrawals (one at a time and two of the same at once) and after the
retention purge, and after the migration that makes them for responses already stored.
They never hold a row of 0 (someone answered and withdrew) nor a day the purge deleted."""

from __future__ import annotations

import asyncio
import random
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from storage import keys
from storage.database import Database
from storage.day_counts import kept, recount, recounted
from storage.models import DayCount
from storage.purge import DEFAULT_RETENTION_DAYS, purge
from storage.release import hold_response, release_held
from storage.responses import withdraw_response

TODAY = date(2026, 11, 20)
SURVEYS = [
    ("parent-carer-review", "parent_carer", "review"),
    ("young-person-review", "young_person", "review"),
    ("child-closure", "child", "closure"),
]
INDICATORS = ["felt-listened-to", "understood-plan", "feels-safe-at-home"]
DAYS = [TODAY - timedelta(days=DEFAULT_RETENTION_DAYS + 5), TODAY - timedelta(days=2), TODAY]


def _answers(rng: random.Random) -> list[dict[str, Any]]:
    """A response's answers: counted or not, positive or not, with no indicator, a story."""
    answers = []
    for position, indicator in enumerate(INDICATORS):
        counted = rng.random() > 0.2
        positive = counted and rng.random() < 0.6
        answers.append(
            {"question_id": f"q{position}", "indicator": indicator, "codes": "agree",
             "number": None, "text": None, "skipped": False, "counted": counted,
             "positive": positive if counted else None, "story": False,
             "consent_to_quote": False, "position": position}
        )  # fmt: skip
    answers.append(
        {"question_id": "story", "indicator": None, "codes": None, "number": None,
         "text": "Synthetic words", "skipped": False, "counted": None, "positive": None,
         "story": True, "consent_to_quote": False, "position": len(INDICATORS)}
    )  # fmt: skip
    return answers


async def _hold(database: Database, count: int, seed: int) -> list[tuple[str, date]]:
    """``count`` finished surveys over :data:`DAYS`; their withdrawal codes and days."""
    rng = random.Random(seed)
    codes = []
    async with database.write() as session:
        for _ in range(count):
            survey_id, audience, touchpoint = rng.choice(SURVEYS)
            day = rng.choice(DAYS[:2])
            code = secrets.token_hex(4).upper()
            await hold_response(
                session=session,
                completed_on=day,
                withdrawal_hash=keys.withdrawal_hash(database.secret, code),
                response={
                    "survey_id": survey_id, "survey_version": 1, "audience": audience,
                    "touchpoint": touchpoint, "agency": "CSC", "team": None, "language": "en",
                    "flagged": False, "flag_reasons": None, "flag_followed_up": False,
                },
                answers=_answers(rng),
            )  # fmt: skip
            codes.append((code, day))
    return codes


async def _same(database: Database) -> list[tuple[Any, ...]]:
    async with database.read() as session:
        counts, again = await kept(session=session), await recounted(session=session)
    assert counts == again
    assert all(row[5] > 0 for row in counts), "no count of 0 is kept"
    return counts


async def _withdraw(database: Database, code: str) -> bool:
    async with database.write() as session:
        return await withdraw_response(session=session, code=code, secret=database.secret)


async def test_the_counts_equal_a_recount_after_release_withdrawal_and_purge(
    database: Database,
) -> None:
    codes = await _hold(database, 40, seed=15)
    assert await _same(database) == []  # held responses are not counted yet
    async with database.write() as session:
        assert await release_held(session=session, before=TODAY) == 40
    released = await _same(database)
    assert released and sum(row[5] for row in released) > 0

    for code, _ in codes[:12]:
        assert await _withdraw(database, code)
        await _same(database)
    # Every response of one day withdrawn: that day's counts go, not down to 0.
    for code, _ in [c for c in codes[12:] if c[1] == DAYS[0]]:
        assert await _withdraw(database, code)
    counts = await _same(database)
    assert counts and not [row for row in counts if row[0] == DAYS[0]]

    # The retention purge takes the old day's responses and their counts.
    await _hold(database, 10, seed=16)
    async with database.write() as session:
        await release_held(session=session, before=TODAY)
    assert [row for row in await _same(database) if row[0] == DAYS[0]]
    async with database.write() as session:
        report = await purge(
            session=session, now=datetime(2026, 11, 20, 9, tzinfo=UTC), today=TODAY
        )
    assert report.expired_responses > 0
    after = await _same(database)
    assert after and not [row for row in after if row[0] == DAYS[0]]


async def test_two_withdrawals_of_one_code_at_once_take_its_answers_off_once(
    database: Database,
) -> None:
    codes = await _hold(database, 12, seed=17)
    async with database.write() as session:
        await release_held(session=session, before=TODAY)
    before = await _same(database)
    for code, _ in codes[:8]:  # a race may go either way once: eight of them
        done = await asyncio.gather(*(_withdraw(database, code) for _ in range(2)))
        assert sorted(done) == [False, True]
        await _same(database)
    after = await _same(database)
    assert sum(row[5] for row in after) < sum(row[5] for row in before)


async def test_a_withdrawal_before_release_never_touches_the_counts(database: Database) -> None:
    codes = await _hold(database, 5, seed=18)
    assert await _withdraw(database, codes[0][0])
    async with database.write() as session:
        assert await release_held(session=session, before=TODAY) == 4
    assert await _same(database)


async def test_recount_makes_the_counts_of_rows_written_around_the_release(
    database: Database,
) -> None:
    await _hold(database, 8, seed=19)
    async with database.write() as session:
        await release_held(session=session, before=TODAY)
        await session.execute(DayCount.__table__.delete())  # type: ignore[attr-defined]
    async with database.read() as session:
        assert await kept(session=session) == []
    async with database.write() as session:
        await recount(session=session)
    assert await _same(database)


async def test_the_migration_counts_the_responses_already_released(database: Database) -> None:
    await _hold(database, 12, seed=20)
    async with database.write() as session:
        await release_held(session=session, before=TODAY)
    expected = await _same(database)
    await database.downgrade("0009")
    await database.upgrade()
    async with database.read() as session:
        assert await kept(session=session) == expected
        assert (await session.execute(select(DayCount.day))).first() is not None
