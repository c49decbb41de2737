"""Hostile and unlucky input through the real bot: forged buttons and floods of errors."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot import flow
from bot.context import SERVICES_KEY, BotServices
from bot.emulator import Emulator
from bot.emulator.model import ChatMessage
from bot.emulator.user import EmulatedUser
from storage.database import Database
from storage.models import SurveySession
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


async def _to_the_free_text_question(user: EmulatedUser, token: str) -> ChatMessage:
    """Through training-impact to its free-text question (staff survey: English only)."""
    await user.send(f"/start {token}")
    await user.next_message()  # welcome
    await user.next_message()  # weeks ago
    await user.send("3")
    await user.tap(await user.next_message(), "Neglect")
    await user.tap(await user.next_message(), "Agree")
    await user.tap(await user.next_message(), "Agree")
    words = await user.next_message()
    assert "doing differently" in words.content
    return words


async def _state_answers(database: Database) -> dict[str, object]:
    async with database.read() as session:
        state = (await session.scalars(select(SurveySession))).one().state
    return dict(state["answers"])


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u200b\u200c\u200d",
        "\u2060\ufeff \u00ad",
        "\u202e\u202c",
        "\x1b\x07\x08",
        "\u200f\n\t",
    ],
)
async def test_an_invisible_answer_is_asked_again(
    emulator: Emulator, database: Database, invisible: str
) -> None:
    staff = emulator.user(9703, "Zed")
    async with running_bot(emulator, database):
        await _to_the_free_text_question(staff, await new_invite(database, "training-impact"))
        await staff.send(invisible)
        again = await staff.next_message()
        assert again.content.startswith("Please type your answer in a message")
    assert "in-your-words" not in await _state_answers(database)


async def test_direction_overrides_and_terminal_controls_are_not_stored(
    emulator: Emulator, database: Database
) -> None:
    staff = emulator.user(9704, "Rtl")
    typed = (
        "we now \u202eylbissop\u202c check \x1b[31mfirst\x1b[0m\x07"
        " with the ਪਰਿਵਾਰ\u200d and کیا\u200c"
    )
    async with running_bot(emulator, database):
        await _to_the_free_text_question(staff, await new_invite(database, "training-impact"))
        await staff.send(typed)
        share = await staff.next_message()
        assert "quote" in share.content
    stored = str((await _state_answers(database))["in-your-words"])
    assert stored == "we now ylbissop check [31mfirst[0m with the ਪਰਿਵਾਰ\u200d and کیا\u200c"
