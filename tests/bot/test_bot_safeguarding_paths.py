"""End to end: every path that carries words is checked, and children always see Childline.

Through the real Application over HTTP on the Bot API emulator (issue 13): a caption on a
photo or document, an edited message, and the safety net at the end of a child's survey
that does not depend on the check finding anything.
"""

from __future__ import annotations

import gc

import pytest
from sqlalchemy import select

from bot.emulator import ChatMessage, EmulatedUser, Emulator
from storage import redaction
from storage.database import Database
from storage.models import Response
from surveys import safeguarding
from tests.bot._helpers import LOCAL_HELP, new_invite, running_bot
from tests.released import release_all

CHILD = "child-review"


def _is_signpost(message: ChatMessage) -> bool:
    """The help lines, in any language: the local front door and the national numbers."""
    words = message.content
    return LOCAL_HELP in words and "0800 1111" in words and "116 123" in words


async def _finish(person: EmulatedUser) -> ChatMessage:
    """Skip or tap through whatever is left of the survey; the thank-you message."""
    for _ in range(20):
        message = await person.next_message()
        if "/withdraw" in message.content:
            return message
        if not message.buttons:
            continue
        labels = message.button_texts
        await person.tap(message, "Skip ➡️" if "Skip ➡️" in labels else labels[0])
    raise AssertionError("the survey did not end")


async def _flag_reasons(database: Database) -> str:
    await release_all(database)  # a day later: the response leaves the holding area
    async with database.read() as session:
        response = (await session.scalars(select(Response))).one()
    assert response.flagged
    return str(response.flag_reasons)


async def test_a_caption_with_a_risk_brings_help_lines_and_flags(
    emulator: Emulator, database: Database
) -> None:
    child = emulator.user(9401, "Ash", language_code="en")
    async with running_bot(emulator, database):
        await child.send(f"/start {await new_invite(database, CHILD)}")
        await child.tap(await child.next_message(), "✅ English")
        await child.next_message()  # the first question
        await child.send_photo(caption="this is where my step dad burnt me with his lighter")
        assert _is_signpost(await child.next_message())  # the very next message
        await _finish(child)
    assert "physical_abuse" in await _flag_reasons(database)


async def test_a_document_caption_is_checked_too(emulator: Emulator, database: Database) -> None:
    child = emulator.user(9402, "Bo", language_code="en")
    async with running_bot(emulator, database):
        await child.send(f"/start {await new_invite(database, CHILD)}")
        await child.tap(await child.next_message(), "✅ English")
        await child.next_message()
        await child.send_document(
            caption="screenshot of what he sends me, he says im mature 4 my age"
        )
        assert _is_signpost(await child.next_message())
        await _finish(child)
    assert "exploitation_online" in await _flag_reasons(database)


async def test_an_edited_message_with_a_risk_brings_help_lines_and_flags(
    emulator: Emulator, database: Database
) -> None:
    child = emulator.user(9403, "Cy", language_code="en")
    async with running_bot(emulator, database):
        await child.send(f"/start {await new_invite(database, CHILD)}")
        await child.tap(await child.next_message(), "✅ English")
        await child.next_message()
        sent = await child.send("hello there")
        await child.next_message()  # the question again, with a kind re-prompt to tap
        await child.edit(sent["message"]["message_id"], "ok but theres no food in the house again")
        assert _is_signpost(await child.next_message())
        await _finish(child)
    assert "neglect" in await _flag_reasons(database)


async def test_an_edit_with_no_survey_in_progress_still_signposts(
    emulator: Emulator, database: Database
) -> None:
    person = emulator.user(9404, "Dee", language_code="pl")
    async with running_bot(emulator, database):
        sent = await person.send("dzien dobry")
        await person.next_message()  # nothing in progress: how to begin
        await person.edit(sent["message"]["message_id"], "nie chce mi sie juz zyc")
        assert _is_signpost(await person.next_message())
    await release_all(database)
    async with database.read() as session:
        assert (await session.scalars(select(Response))).all() == []


async def test_a_childs_survey_ends_with_the_childline_line(
    emulator: Emulator, database: Database
) -> None:
    child = emulator.user(9405, "Eli", language_code="en")
    async with running_bot(emulator, database):
        await child.send(f"/start {await new_invite(database, CHILD)}")
        await child.tap(await child.next_message(), "✅ English")
        thanks = await _finish(child)
    assert "Childline" in thanks.content and "0800 1111" in thanks.content
    assert "/help" in thanks.content
    assert "cannot send help" in thanks.content


async def test_a_parents_survey_does_not_add_the_childline_line(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9406, "Fay", language_code="en")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, 'parent-carer-review')}")
        await parent.tap(await parent.next_message(), "✅ English")
        thanks = await _finish(parent)
    assert "Childline" not in thanks.content


async def test_the_check_and_redaction_are_loaded_at_start_up_before_anyone_writes(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded on first use, the check's lists and model, and redaction's lists, each kept
    the first person after a restart waiting about half a second; loaded before the bot
    freezes what it holds, they stay out of the garbage collector's full passes too."""
    frozen_when_prepared: dict[str, int] = {}

    def watching(module: object) -> None:
        real_prepare = module.prepare  # type: ignore[attr-defined]

        def prepare() -> None:
            frozen_when_prepared[module.__name__] = gc.get_freeze_count()  # type: ignore[attr-defined]
            real_prepare()

        monkeypatch.setattr(module, "prepare", prepare)

    watching(safeguarding)
    watching(redaction)
    gc.unfreeze()
    async with running_bot(emulator, database):
        assert frozen_when_prepared == {"surveys.safeguarding": 0, "storage.redaction": 0}
