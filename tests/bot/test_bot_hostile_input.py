"""Hostile and unlucky input through the real bot: forged buttons and floods of errors."""

from __future__ import annotations

import asyncio

import pytest

from bot import flow
from bot.context import SERVICES_KEY, BotServices
from bot.emulator import Emulator
from storage.database import Database
from tests.bot._helpers import ADMIN_ID, new_invite, running_bot

REVIEW = "parent-carer-review"

#: Callback data a modified client could send: digits outside ASCII reach ``int()`` today,
#: and lengths no button of ours has.
FORGED = (
    "a:²:0",
    "a:1:²",
    "a:١:0",
    "t:1:٣",
    "a:" + "9" * 400 + ":0",
    "a:1:" + "9" * 400,
    "a:-1:0",
    "a:1:-1",
    "a: 1:0",
    "l:1:" + "x" * 60,
    "k:1:0:0",
)


async def test_forged_callback_data_is_refused_quietly_and_the_survey_goes_on(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9701, "Forge")
    admin = emulator.user(ADMIN_ID, "Ada")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        first = await parent.next_message()
        assert first.content.startswith("1 of")
        for data in FORGED:
            await parent.forge_tap(first, data)
        for _ in range(len(FORGED) + 1):  # the language tap and every forged tap
            await parent.wait_for_answer(timeout=10)
        await asyncio.sleep(0.3)
        assert admin.messages == [], [m.content for m in admin.messages]
        assert not any(m.content.startswith("Sorry, something went wrong") for m in parent.messages)
        # Nothing forged was taken as an answer: the real button still answers question 1.
        await parent.tap(first, "Agree")
        second = await parent.next_message()
        assert second.content.startswith("2 of")


async def test_admins_hear_of_a_kind_of_error_once_per_ten_minutes_with_a_count(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = emulator.user(9702, "Flood")
    admin = emulator.user(ADMIN_ID, "Ada")
    now = [1_000.0]

    async def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("always")

    async with running_bot(emulator, database) as application:
        services: BotServices = application.bot_data[SERVICES_KEY]
        services.alerts.clock = lambda: now[0]
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        await parent.next_message()
        monkeypatch.setattr(flow, "apply", broken)
        for n in range(5):
            await parent.send(f"words {n}")
            await parent.next_message()  # the "sorry" each time
        await asyncio.sleep(0.3)
        assert [m.content for m in admin.messages] == [
            "⚠️ The bot hit an error (RuntimeError); see the log."
        ]
        admin.mark_read()
        now[0] += 601  # ten minutes on: the next one is sent, with the ones held back
        await parent.send("words again")
        await parent.next_message()
        notice = await admin.next_message()
        assert notice.content == (
            "⚠️ The bot hit an error (RuntimeError) 5 times since the last alert of it; see the log."
        )
