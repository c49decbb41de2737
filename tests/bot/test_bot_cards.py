"""One live card per survey, the screen-reader layout, and leaving no trace on the phone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.emulator import ChatMessage, Emulator
from bot.emulator.user import EmulatedUser
from bot.texts import text
from storage.database import Database
from tests.bot._helpers import new_invite, running_bot

CHILD = "child-review"  # 5 emoji questions, one in their own words, then share: 7
PARENT = "parent-carer-review"  # 6 agree questions, one in their own words, then share: 8


async def until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait for something a chat's change event does not announce (a deletion's effect)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("the chat never came to the expected state")
        await asyncio.sleep(0.02)


async def showing(person: EmulatedUser, card: ChatMessage, words: str) -> ChatMessage:
    """The card once edited to show ``words`` (it is the same message)."""
    return await person.wait_for(lambda m: m.message_id == card.message_id and words in m.content)


def calls(emulator: Emulator, chat_id: int, method: str) -> int:
    return len(emulator.calls_for(chat_id=chat_id, methods=[method], ok_only=True))


async def test_a_childs_survey_on_one_card_then_removed_leaves_only_the_help_lines(
    emulator: Emulator, database: Database
) -> None:
    child = emulator.user(7001, "Kit")
    async with running_bot(emulator, database, layout="card"):
        await child.send(f"/start {await new_invite(database, CHILD)}")
        welcome = await child.next_message()
        assert "remove this conversation from your phone" in welcome.content
        await child.tap(welcome, "✅ English")
        card = await child.next_message()
        assert card.content.startswith("1 of 7")
        for position in range(2, 6 + 1):
            await child.tap(card, card.buttons[0][0].text)  # 😀
            card = await showing(child, card, f"{position} of 7")
            assert card.content.startswith("✅ 😀 Great")  # a brief tick for the answer
        sends_before = calls(emulator, 7001, "sendMessage")
        edits_before = calls(emulator, 7001, "editMessageText")
        # Their own words, with a risk in them: help lines at once, then a fresh card
        # below their message; the old card goes.
        await child.send("I don't feel safe at home, my dad hits me")
        help_lines = await child.next_message()
        assert "0800 1111" in help_lines.content and "999" in help_lines.content
        share = await child.next_message()
        assert share.content.startswith("✅ Thanks, got that.") and "7 of 7" in share.content
        await until(lambda: card.deleted)
        assert calls(emulator, 7001, "editMessageText") == edits_before
        assert calls(emulator, 7001, "sendMessage") == sends_before + 2
        await child.tap(share, "Yes, you can share it")
        thanks = await showing(child, share, "/withdraw")
        assert "0800 1111" in thanks.content  # the Childline line
        assert thanks.button_texts == [
            "🧹 Remove this conversation from my phone",
            "🧹 Remove it all, help lines too",
        ]
        # Five taps on the card: five edits, no new message.
        assert calls(emulator, 7001, "editMessageText") == 5 + 1 + 1  # + language, + share
        await child.tap(thanks, "🧹 Remove this conversation from my phone")
        await until(lambda: [m.message_id for m in child.transcript] == [help_lines.message_id])


async def test_stop_offers_removal_on_a_childs_survey_and_it_takes_everything(
    emulator: Emulator, database: Database
) -> None:
    child = emulator.user(7002, "Lou")
    async with running_bot(emulator, database, layout="card"):
        await child.send(f"/start {await new_invite(database, CHILD)}")
        await child.tap(await child.next_message(), "✅ English")
        card = await child.next_message()
        await child.tap(card, card.buttons[0][0].text)
        await showing(child, card, "2 of 7")
        await child.send("/stop")
        stopped = await child.next_message()
        assert stopped.content.startswith("You have stopped")
        await until(lambda: card.deleted)  # no dead buttons left behind
        await child.tap(stopped, "🧹 Remove this conversation from my phone")
        await until(lambda: child.transcript == [])


async def test_a_parents_survey_offers_removal_only_when_asked_in_settings(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(7003, "Mo")
    async with running_bot(emulator, database, layout="card"):
        await parent.send(f"/start {await new_invite(database, PARENT)}")
        welcome = await parent.next_message()
        assert "remove this conversation" not in welcome.content
        await parent.send("/stop")
        assert (await parent.next_message()).buttons == []
        await parent.send("/settings")
        settings = await parent.next_message()
        await parent.tap(settings, "Always offer to remove the conversation")
        await showing(parent, settings, "• Always offer to remove the conversation")
        await parent.send(f"/start {await new_invite(database, PARENT)}")
        assert "remove this conversation" in (await parent.next_message()).content


async def test_back_skip_free_text_and_a_restart_all_work_on_the_card(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(7004, "Nia")
    async with running_bot(emulator, database, layout="card"):
        await parent.send(f"/start {await new_invite(database, PARENT)}")
        await parent.tap(await parent.next_message(), "✅ English")
        card = await parent.next_message()
        await parent.tap(card, "Agree")
        card = await showing(parent, card, "2 of 8")
        old_skip = card.find_button("Skip ➡️")
        assert old_skip is not None and old_skip.callback_data is not None
        await parent.tap(card, "⬅️ Back")
        card = await showing(parent, card, "1 of 8")
        assert card.content.startswith("⬅️ Back")
        await parent.tap(card, "Skip ➡️")
        card = await showing(parent, card, "2 of 8")
        assert card.content.startswith("⏭ Skipped")
        for position in range(3, 7 + 1):
            await parent.tap(card, "Agree")
            card = await showing(parent, card, f"{position} of 8")
        # A button from an earlier step of the card changes nothing.
        answered = len(parent.answered_callbacks)
        await parent.forge_tap(card, old_skip.callback_data)
        await until(lambda: len(parent.answered_callbacks) > answered)
        assert parent.answered_callbacks[-1].text == text("en", "stale")
        assert "7 of 8" in card.content
        await parent.send("The family meetings help us plan the week")
        fresh = await parent.next_message()
        assert fresh.content.startswith("✅ Thanks, got that.") and "8 of 8" in fresh.content
        await until(lambda: card.deleted)
        # A restart mid-survey: the old card leaves the screen, the new survey begins.
        await parent.send(f"/start {await new_invite(database, PARENT)}")
        welcome = await parent.next_message()
        assert welcome.content.startswith("Hello")
        await parent.tap(welcome, "✅ English")
        first = await parent.next_message()
        assert first.content.startswith("1 of 8")
        await until(lambda: fresh.deleted)
        await parent.tap(first, "Agree")
        await showing(parent, first, "2 of 8")


async def test_the_screen_reader_option_gives_one_message_per_question(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(7005, "Oz")
    async with running_bot(emulator, database, layout="card"):
        await parent.send(f"/start {await new_invite(database, PARENT)}")
        welcome = await parent.next_message()
        await parent.tap(welcome, "🔊 One message per question (screen readers)")
        answer = await parent.wait_for_answer()
        assert answer.text is not None and "one message per question" in answer.text
        await parent.tap(welcome, "✅ English")
        first = await parent.next_message()
        await parent.tap(first, "Agree")
        second = await parent.next_message()  # a new message, not an edit
        assert second.content.startswith("2 of 8") and second.message_id != first.message_id
        await showing(parent, first, "✅ Agree")  # the edit goes alongside the next question
        assert first.buttons == []
        await parent.tap(second, "Agree")
        assert (await parent.next_message()).content.startswith("3 of 8")
        # The preference holds for the next survey, and /settings shows it.
        await parent.send(f"/start {await new_invite(database, PARENT)}")
        welcome = await parent.next_message()
        assert "🔊 One message per question (screen readers)" not in welcome.button_texts
        await parent.send("/settings")
        settings = await parent.next_message()
        assert "• One message per question (screen readers)" in settings.content
