"""Follow-ups: what a person is told when the survey behind an old question is gone, and a
pulse round that serves staff side by side."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from bot.context import BotApplication
from bot.emulator import Emulator
from bot.emulator.user import EmulatedUser
from bot.scheduler import send_pulse_round
from storage import staff as staff_store
from storage.database import Database
from storage.models import Delivery, SurveySession
from tests.bot._helpers import new_invite, running_bot, services_of

REVIEW = "parent-carer-review"


async def _first_question(user: EmulatedUser, token: str) -> None:
    await user.send(f"/start {token}")
    welcome = await user.next_message()
    await user.tap(welcome, welcome.buttons[0][0].text)


def _retire(application: BotApplication, survey_id: str) -> None:
    # A new dict: the loaded surveys may be shared with other tests.
    services = services_of(application)
    services.surveys = {key: s for key, s in services.surveys.items() if key != survey_id}


async def test_tap_after_the_session_was_purged_says_it_closed_and_to_ask_for_a_link(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9101, "Fay")
    async with running_bot(emulator, database):
        await _first_question(parent, await new_invite(database, REVIEW))
        question = await parent.next_message()
        # What the purge does after the abandon period: the session row goes.
        async with database.write() as session:
            await session.execute(delete(SurveySession))
        await parent.tap(question, "Agree")
        answer = await parent.wait_for_answer()
        while answer.text is None:  # the tap on the welcome's language button
            answer = await parent.wait_for_answer()
        assert answer.text is not None
        # Nothing is kept that could tell a purged survey from a finished one, so the words
        # are true of both: the survey has ended (never that the answers were lost).
        assert "That survey has ended" in answer.text
        assert "not kept" not in answer.text
        assert "new link" in answer.text
        assert "no survey going on" not in answer.text
        await parent.wait_for(lambda m: m.message_id == question.message_id and not m.buttons)
        # Typing, by contrast, is not answering an old question: say how to begin.
        await parent.send("hello?")
        assert "There is no survey going on" in (await parent.next_message()).content


async def test_tap_when_the_survey_was_retired_says_it_closed_not_that_it_expired(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9102, "Gil")
    async with running_bot(emulator, database) as application:
        await _first_question(parent, await new_invite(database, REVIEW))
        question = await parent.next_message()
        _retire(application, REVIEW)  # retired while they were answering
        await parent.tap(question, "Agree")
        answer = await parent.wait_for_answer()
        while answer.text is None:
            answer = await parent.wait_for_answer()
        assert answer.text is not None
        assert "closed while you were answering" in answer.text
        assert "not kept" in answer.text and "new link" in answer.text
        assert "start it again" not in answer.text  # nothing is started again
        assert "wasn't finished" not in answer.text


async def test_typing_when_the_survey_was_retired_says_it_closed(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9103, "Hal")
    async with running_bot(emulator, database) as application:
        await _first_question(parent, await new_invite(database, REVIEW))
        await parent.next_message()
        _retire(application, REVIEW)
        await parent.send("Agree")
        reply = await parent.next_message()
        assert "closed while you were answering" in reply.content
        assert "start it again" not in reply.content
        assert "wasn't finished" not in reply.content


async def test_a_pulse_round_serves_staff_side_by_side_not_one_a_second(
    emulator: Emulator, database: Database
) -> None:
    staff_ids = [8600 + i for i in range(10)]
    now = datetime.now(UTC)
    async with database.write() as session:
        code = await staff_store.create_join_code(
            session=session, agency="SCT", team="west", secret=database.secret, now=now
        )
        for chat_id in staff_ids:
            await staff_store.join_staff(
                session=session, code=code, chat_id=chat_id, secret=database.secret, now=now
            )
    people = [emulator.user(chat_id, f"S{chat_id}") for chat_id in staff_ids]
    # One second between sends to a chat: intro then question makes a second per person.
    async with running_bot(emulator, database, chat_interval=1.0) as application:
        first, again = await asyncio.gather(
            send_pulse_round(application, period="2026-05"),
            send_pulse_round(application, period="2026-05"),
        )
        assert first.sent + again.sent == len(staff_ids)  # once each, however often it runs
        for person in people:
            assert "pulse" in (await person.next_message(timeout=15)).content
            assert (await person.next_message(timeout=15)).content.startswith("1 of 5")
    sends = [
        call
        for call in emulator.calls_for(methods=["sendMessage"], ok_only=True)
        if call.chat_id in staff_ids
    ]
    assert len(sends) == 2 * len(staff_ids)
    spread = max(call.at for call in sends) - min(call.at for call in sends)
    # Side by side it is about 1 s; one person at a time it was over 5 s (measured).
    assert spread < 3, f"the round took {spread:.1f} s for {len(staff_ids)} people"
    async with database.read() as session:
        deliveries = await session.scalar(select(func.count()).select_from(Delivery))
    assert deliveries == len(staff_ids)
