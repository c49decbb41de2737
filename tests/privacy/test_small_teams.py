"""Small staff teams hidden: a pulse from a team smaller than the suppression threshold
is stored with its agency only, so a practitioner alone (or nearly) in a team is not
their team's only pulse."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.emulator import Emulator
from bot.scheduler import send_pulse_round
from storage import staff as staff_store
from storage.database import Database
from storage.models import Response
from tests.bot._helpers import running_bot
from tests.released import release_all


async def _join_code(database: Database, team: str) -> str:
    async with database.write() as session:
        return await staff_store.create_join_code(
            session=session, agency="SCT", team=team, secret=database.secret, now=datetime.now(UTC)
        )


async def _answer_pulse(worker) -> None:  # type: ignore[no-untyped-def]
    await worker.next_message()  # the intro
    for _ in range(5):
        question = await worker.next_message()
        await worker.tap(question, question.buttons[0][0].text)
    thanks = await worker.next_message()
    assert "/withdraw" in thanks.content


async def _stored(database: Database) -> list[tuple[str | None, str | None]]:
    await release_all(database)
    async with database.read() as session:
        return [(r.agency, r.team) for r in (await session.scalars(select(Response))).all()]


async def test_a_pulse_from_a_small_team_keeps_only_its_agency(
    emulator: Emulator, database: Database
) -> None:
    lone = emulator.user(8201, "Lone")
    pair = [emulator.user(8202, "Ash"), emulator.user(8203, "Bo")]
    lone_code, pair_code = await _join_code(database, "east"), await _join_code(database, "west")
    # A threshold of 2: "west" (two people) is big enough to name, "east" (one) is not.
    async with running_bot(emulator, database, min_responses=2) as application:
        await lone.send(f"/join {lone_code}")
        await lone.next_message()
        for worker in pair:
            await worker.send(f"/join {pair_code}")
            await worker.next_message()
        assert (await send_pulse_round(application, period="2026-03")).sent == 3
        await _answer_pulse(lone)
        await _answer_pulse(pair[0])
    stored = await _stored(database)
    assert sorted(stored, key=str) == sorted([("SCT", None), ("SCT", "west")], key=str)
