"""Old buttons and lost replies: a keyboard from an earlier survey, an old button after
finishing, and the reply a crash between saving and replying never sent (issue 18, 4 and 6).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.emulator import Emulator
from bot.emulator.model import ChatMessage
from bot.emulator.user import EmulatedUser
from bot.handlers import respondent
from storage.database import Database
from tests.bot._helpers import new_invite, running_bot

REVIEW = "parent-carer-review"
AGREE = ["Strongly agree", "Agree", "Disagree", "In between", "Agree", "Agree"]


async def _first_question(parent: EmulatedUser, token: str) -> ChatMessage:
    await parent.send(f"/start {token}")
    await parent.tap(await parent.next_message(), "✅ English")
    first = await parent.next_message()
    assert first.content.startswith("1 of 8"), first.content
    return first


async def _to_the_end(parent: EmulatedUser, question: ChatMessage, first: int) -> None:
    """Answer from question ``first`` (showing) up to the share question, and share."""
    for number in range(first, 7):
        await parent.tap(question, AGREE[number - 1])
        question = await parent.next_message()
        assert question.content.startswith(f"{number + 1} of 8"), question.content
    await parent.send("The meetings help")
    share = await parent.next_message()
    await parent.tap(share, "No, please keep it private")


async def test_a_button_from_a_stopped_survey_never_answers_the_next_one(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9801, "Olde")
    async with running_bot(emulator, database):
        old = await _first_question(parent, await new_invite(database, REVIEW))
        await parent.send("/stop")
        assert "stopped" in (await parent.next_message()).content
        new = await _first_question(parent, await new_invite(database, REVIEW))
        # The old message's step and index are exactly the new question's: only the
        # survey tells them apart.
        await parent.tap(old, "Strongly disagree")
        answer = await parent.wait_for_answer()
        while answer.data is None or not answer.data.startswith("a"):
            answer = await parent.wait_for_answer()
        assert answer.text == "That question is from an earlier survey."
        await asyncio.sleep(0.3)
        assert parent.last_message is new, parent.last_message
        await parent.tap(new, "Agree")
        assert (await parent.next_message()).content.startswith("2 of 8")


async def test_an_old_button_after_finishing_is_never_told_the_answers_were_lost(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9802, "Done")
    async with running_bot(emulator, database):
        first = await _first_question(parent, await new_invite(database, REVIEW))
        old_data = first.buttons[0][0].callback_data or ""
        await _to_the_end(parent, first, 1)
        thanks = await parent.next_message()
        assert "/withdraw" in thanks.content
        answered = len(parent.answered_callbacks)
        await parent.forge_tap(first, old_data)
        for _ in range(100):
            if len(parent.answered_callbacks) > answered:
                break
            await asyncio.sleep(0.05)
        answer = parent.answered_callbacks[-1]
    assert answer.text is not None
    assert "not kept" not in answer.text and "wasn't finished" not in answer.text
    assert "ended" in answer.text


async def test_after_a_lost_reply_the_next_tap_shows_the_next_question(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer was saved, then the process died before the next question went out."""
    parent = emulator.user(9803, "Lost")
    real_send_next = respondent._send_next
    crash = [True]

    async def dies_once(*args: object, **kwargs: object) -> None:
        if crash.pop() if crash else False:
            raise asyncio.CancelledError  # as far as the person can tell: the bot died
        await real_send_next(*args, **kwargs)  # type: ignore[arg-type]

    async with running_bot(emulator, database):
        first = await _first_question(parent, await new_invite(database, REVIEW))
        old_data = first.buttons[1][0].callback_data or ""  # "Agree"
        monkeypatch.setattr(respondent, "_send_next", dies_once)
        await parent.tap(first, "Agree")
        await asyncio.sleep(0.5)
        assert parent.last_message is first or not parent.last_message.content.startswith("2 of 8")
    # A restart: a new application, nothing in memory.
    monkeypatch.setattr(respondent, "_send_next", real_send_next)
    async with running_bot(emulator, database):
        await parent.forge_tap(first, old_data)
        second = await parent.next_message()
        assert second.content.startswith("2 of 8"), second.content


async def test_after_a_lost_thank_you_the_next_message_says_the_answers_were_saved(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = emulator.user(9804, "Thanks")
    real_send_next = respondent._send_next

    async def dies_at_the_end(
        context: object, chat_id: int, turn: object, language: str, **options: Any
    ) -> object:
        if getattr(turn, "receipt", None) is not None:
            raise asyncio.CancelledError
        return await real_send_next(context, chat_id, turn, language, **options)  # type: ignore[arg-type]

    async with running_bot(emulator, database):
        first = await _first_question(parent, await new_invite(database, REVIEW))
        monkeypatch.setattr(respondent, "_send_next", dies_at_the_end)
        await _to_the_end(parent, first, 1)
        await asyncio.sleep(0.5)
        assert not any("/withdraw" in m.content for m in parent.messages)
    monkeypatch.setattr(respondent, "_send_next", real_send_next)
    async with running_bot(emulator, database):
        parent.mark_read()
        await parent.send("hello?")
        again = await parent.next_message()
        assert "saved" in again.content, again.content
        assert "/withdraw" in again.content, again.content
        # Told once: the link to re-send it went with it.
        await parent.send("hello again")
        after = await parent.next_message()
        assert "/withdraw" not in after.content
