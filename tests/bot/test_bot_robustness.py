"""Repeated updates, double taps, restarts, crowds and flood limits — nothing lost or doubled."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import func, select

from bot.emulator import Emulator
from bot.emulator.user import EmulatedUser
from storage.database import Database
from storage.models import Answer, Response, SurveySession
from tests.bot._helpers import new_invite, running_bot
from tests.released import release_all

PULSE_LIKE = "parent-carer-review"


async def _count(database: Database, model: type) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _begin(user: EmulatedUser, token: str) -> None:
    await user.send(f"/start {token}")
    welcome = await user.next_message(timeout=30)
    await user.tap(welcome, welcome.buttons[0][0].text)


async def test_repeated_update_and_double_tap_give_one_answer(
    emulator: Emulator, database: Database
) -> None:
    token = await new_invite(database, PULSE_LIKE)
    parent = emulator.user(6001, "Jo")
    async with running_bot(emulator, database):
        await _begin(parent, token)
        first = await parent.next_message()
        await parent.tap(first, "Agree", times=2)  # a double tap: two callback queries
        second = await parent.next_message()
        assert second.content.startswith("2 of")
        # The second tap was told kindly that it was already answered.
        for _ in range(3):  # the language tap, then both taps on the first question
            await parent.wait_for_answer()
        stale = [
            a
            for a in parent.answered_callbacks
            if a.data and a.data.startswith("a:") and ":1:" in a.data
        ]
        assert sorted(str(a.text) for a in stale) == [
            "None",
            "That one has already been answered.",
        ]

        tap = await parent.tap(second, "Disagree")
        third = await parent.next_message()
        emulator.repeat_update(tap["update_id"])  # Telegram delivers it again
        await parent.tap(third, "Agree")
        fourth = await parent.next_message()
        assert fourth.content.startswith("4 of")
        await asyncio.sleep(0.2)
        parent.mark_read()
        assert len([m for m in parent.messages if m.content.startswith("4 of")]) == 1

    async with database.read() as session:
        state = (await session.scalars(select(SurveySession))).one().state
    assert state["answers"] == {"listened": "agree", "plan": "disagree", "together": "agree"}


async def test_repeated_typed_answer_is_not_taken_twice(
    emulator: Emulator, database: Database
) -> None:
    token = await new_invite(database, "training-impact")
    staff = emulator.user(6002, "Rae")
    async with running_bot(emulator, database):
        await staff.send(f"/start {token}")
        await staff.next_message()  # welcome (English only: no language buttons)
        weeks = await staff.next_message()
        assert "1 of" in weeks.content
        sent = await staff.send("3")
        topic = await staff.next_message()
        emulator.repeat_update(sent["update_id"])
        await asyncio.sleep(0.3)
        assert staff.last_message is not None
        assert staff.last_message.message_id == topic.message_id  # nothing new was asked

    async with database.read() as session:
        state = (await session.scalars(select(SurveySession))).one().state
    assert state["answers"] == {"weeks-ago": 3}


async def test_restart_mid_survey_carries_on(emulator: Emulator, database: Database) -> None:
    token = await new_invite(database, PULSE_LIKE)
    parent = emulator.user(6003, "Lee")
    async with running_bot(emulator, database):
        await _begin(parent, token)
        first = await parent.next_message()
        await parent.tap(first, "Agree")
        second = await parent.next_message()
    # A new process: same database, nothing in memory.
    async with running_bot(emulator, database):
        await parent.tap(second, "Agree")
        third = await parent.next_message()
        assert third.content.startswith("3 of")
        for _ in range(4):
            await parent.tap(third, "Agree")
            third = await parent.next_message()
        await parent.tap(third, "Skip ➡️")
        thanks = await parent.next_message()
        assert "/withdraw" in thanks.content
    await release_all(database)  # a day later
    assert await _count(database, Response) == 1


async def _complete(user: EmulatedUser, token: str) -> None:
    await _begin(user, token)
    for _ in range(6):
        question = await user.next_message(timeout=30)
        await user.tap(question, "Agree")
    words = await user.next_message(timeout=30)
    await user.tap(words, "Skip ➡️")
    thanks = await user.next_message(timeout=30)
    assert "/withdraw" in thanks.content


@pytest.mark.timeout(240)
async def test_two_hundred_respondents_at_once(emulator: Emulator, database: Database) -> None:
    tokens = [await new_invite(database, PULSE_LIKE) for _ in range(200)]
    users = [emulator.user(70_000 + i, f"P{i}") for i in range(200)]
    # Telegram's real pace for one chat (one message a second); the bot-wide 30 a second
    # is switched off here, or 200 people's 3,400 calls would take two minutes.
    async with running_bot(emulator, database, chat_interval=1.0, overall_max_rate=0):
        await asyncio.gather(*(_complete(u, t) for u, t in zip(users, tokens, strict=True)))
    await release_all(database)  # a day later
    assert await _count(database, Response) == 200
    assert await _count(database, Answer) == 200 * 7
    assert await _count(database, SurveySession) == 0
    # At most one message a second to any one chat (with a little clock slack).
    gaps = [emulator.min_send_interval(u.chat_id) for u in users[:20]]
    assert all(gap is not None and gap >= 0.95 for gap in gaps)


async def test_429_waits_and_carries_on(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await new_invite(database, PULSE_LIKE)
    parent = emulator.user(6004, "Bo")
    async with running_bot(emulator, database):
        await _begin(parent, token)
        first = await parent.next_message()
        emulator.fail_next("sendMessage", 429, retry_after=1)
        loop = asyncio.get_running_loop()
        tapped_at = loop.time()
        await parent.tap(first, "Agree")
        second = await parent.next_message(timeout=10)
        assert second.content.startswith("2 of")
        assert loop.time() - tapped_at >= 1.0  # it waited as Telegram asked
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
