"""Acceptance audit, families' side: what the issue asks of a conversation, point by point.

End to end through the real Application over HTTP on the Bot API emulator. Each test
pins a requirement the earlier journeys only touched: the welcome's every promise,
the language tap's edit, risk typed where a tap was expected, media never fetched.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.emulator import Emulator
from storage.database import Database
from storage.models import Response, SurveySession
from surveys.catalog import get_survey
from tests.bot._helpers import LOCAL_HELP, new_invite, running_bot
from tests.released import release_all

REVIEW = "parent-carer-review"


async def test_welcome_says_purpose_anonymity_no_real_time_reading_stop_and_help(
    emulator: Emulator, database: Database
) -> None:
    survey = get_survey(REVIEW)
    assert survey is not None
    parent = emulator.user(9301, "Wyn", language_code="ur")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        welcome = await parent.next_message()
        words = welcome.content
        assert survey.intro.get("ur") in words  # what the survey is for, in their language
        assert "گمنام" in words  # anonymous
        assert "کسی کو پتہ نہیں چلے گا" in words  # nobody will know who answered
        assert "جواب آتے وقت کوئی انہیں نہیں پڑھتا" in words  # not read in real time
        assert "/stop" in words and "/help" in words
        # The phone's Urdu is offered first and ticked; every language is there.
        assert welcome.button_texts[0] == "✅ اردو"
        assert sorted(welcome.button_texts) == sorted(["✅ اردو", "English", "ਪੰਜਾਬੀ", "Polski"])
        # Choosing another language edits the welcome to show the choice, keyboard gone.
        await parent.tap(welcome, "English")
        edited = await parent.wait_for(lambda m: m.message_id == welcome.message_id and m.edited)
        assert edited.buttons == [] and edited.content.endswith("✅ English")
        assert survey.intro.get("ur") in edited.content  # the welcome itself stays readable
        first = await parent.next_message()
        assert first.content.startswith("1 of 8")


async def test_welcome_in_english_keeps_every_promise(
    emulator: Emulator, database: Database
) -> None:
    survey = get_survey(REVIEW)
    assert survey is not None
    parent = emulator.user(9302, "Ivo", language_code="en-GB")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        words = (await parent.next_message()).content
    assert survey.intro.get("en") in words
    assert "anonymous" in words and "nobody will know who answered" in words
    assert "Nobody reads the answers as they come in" in words
    assert "send /stop" in words and "send /help" in words


async def test_risk_typed_where_a_tap_is_expected_signposts_next_and_flags(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9303, "Kit")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        welcome = await parent.next_message()
        await parent.tap(welcome, "✅ English")
        first = await parent.next_message()
        await parent.send("no. I want to kill myself")
        signpost = await parent.next_message()  # the very next message
        assert LOCAL_HELP in signpost.content
        assert "anonymous" in signpost.content and "cannot send help" in signpost.content
        for number in ("999", "0800 1111", "0808 800 5000", "116 123", "85258"):
            assert number in signpost.content
        again = await parent.next_message()  # then the same question, keyboard and all
        assert "1 of 8" in again.content and "Agree" in again.button_texts
        assert first.content.split("\n", 1)[0] == "1 of 8"
        await parent.tap(again, "Agree")
        for _ in range(5):
            await parent.tap(await parent.next_message(), "Agree")
        await parent.tap(await parent.next_message(), "Skip ➡️")
        assert "/withdraw" in (await parent.next_message()).content
    await release_all(database)  # a day later
    async with database.read() as session:
        response = (await session.scalars(select(Response))).one()
    assert response.flagged
    assert "suicidal" in str(response.flag_reasons)


async def test_media_is_never_fetched_or_kept_with_or_without_a_survey(
    emulator: Emulator, database: Database
) -> None:
    stranger = emulator.user(9304, "Vee")
    async with running_bot(emulator, database):
        for send in (stranger.send_voice, stranger.send_sticker, stranger.send_photo):
            await send()
            assert "please type or tap" in (await stranger.next_message()).content
    fetched = emulator.calls_for(methods=["getFile"])
    assert fetched == []  # nothing was downloaded, so nothing could be stored
    async with database.read() as session:
        assert (await session.scalars(select(SurveySession))).all() == []
        assert (await session.scalars(select(Response))).all() == []


async def test_help_privacy_language_and_stop_outside_a_survey(
    emulator: Emulator, database: Database
) -> None:
    person = emulator.user(9305, "Oli", language_code="pl")
    async with running_bot(emulator, database):
        await person.send("/help")
        help_lines = (await person.next_message()).content
        assert LOCAL_HELP in help_lines and "/stop" in help_lines
        await person.send("/language")
        assert "Język" in (await person.next_message()).content
        await person.send("/stop")
        assert "nie ma czego przerywać" in (await person.next_message()).content
        await person.send("/privacy")
        assert "prywatność" in (await person.next_message()).content
