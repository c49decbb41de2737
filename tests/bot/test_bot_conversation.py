"""The small print of a conversation: risk phrases, nudges, media, /stop, /withdraw, bad invites."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.emulator import Emulator
from bot.emulator.user import EmulatedUser
from storage.database import Database
from storage.models import Response, SurveySession
from tests.bot._helpers import LOCAL_HELP, new_invite, running_bot
from tests.released import release_all

REVIEW = "parent-carer-review"


async def _begin(user: EmulatedUser, token: str) -> None:
    await user.send(f"/start {token}")
    welcome = await user.next_message()
    await user.tap(welcome, welcome.buttons[0][0].text)


async def _count(database: Database, model: type) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_risk_phrase_signposts_in_the_very_next_message(
    emulator: Emulator, database: Database
) -> None:
    token = await new_invite(database, REVIEW)
    parent = emulator.user(9001, "Ash")
    async with running_bot(emulator, database):
        await _begin(parent, token)
        for _ in range(6):
            question = await parent.next_message()
            await parent.tap(question, "Agree")
        words = await parent.next_message()
        assert "7 of 8" in words.content
        await parent.send("my partner hits me and I am scared to go home")
        signpost = await parent.next_message()
        assert "999" in signpost.content and "0808 800 5000" in signpost.content
        assert LOCAL_HELP in signpost.content
        share = await parent.next_message()  # the survey carries on
        assert "8 of 8" in share.content
        await parent.tap(share, share.buttons[1][0].text)  # no, keep it private
        assert "/withdraw" in (await parent.next_message()).content
    await release_all(database)  # a day later
    async with database.read() as session:
        response = (await session.scalars(select(Response))).one()
    assert response.flagged and response.flag_reasons


async def test_typing_where_a_tap_is_expected_nudges_with_the_keyboard(
    emulator: Emulator, database: Database
) -> None:
    token = await new_invite(database, REVIEW)
    parent = emulator.user(9002, "Bea")
    async with running_bot(emulator, database):
        await _begin(parent, token)
        first = await parent.next_message()
        await parent.send("hmm, mostly")
        nudge = await parent.next_message()
        assert nudge.content.startswith("Please tap")
        assert "1 of 8" in nudge.content and "Agree" in nudge.button_texts
        await parent.send("Agree")  # typing a label works as well as tapping it
        second = await parent.next_message()
        assert second.content.startswith("2 of 8")
        assert first.buttons  # the first keyboard was left alone; a tap there is now stale


async def test_media_gets_a_kind_reply_and_is_never_stored(
    emulator: Emulator, database: Database
) -> None:
    token = await new_invite(database, REVIEW)
    parent = emulator.user(9003, "Cy")
    async with running_bot(emulator, database):
        await _begin(parent, token)
        await parent.next_message()
        async with database.read() as session:
            before = (await session.scalars(select(SurveySession))).one().state
        for send in (
            parent.send_voice,
            parent.send_sticker,
            parent.send_photo,
            parent.send_document,
        ):
            await send()
            reply = await parent.next_message()
            assert "please type or tap" in reply.content
        async with database.read() as session:
            after = (await session.scalars(select(SurveySession))).one().state
    assert before == after


async def test_stop_discards_and_withdraw_deletes(emulator: Emulator, database: Database) -> None:
    parent = emulator.user(9004, "Dee")
    async with running_bot(emulator, database):
        await _begin(parent, await new_invite(database, REVIEW))
        await parent.next_message()
        await parent.send("/stop")
        assert "Nothing you answered was kept" in (await parent.next_message()).content
        assert await _count(database, SurveySession) == 0
        await parent.send("/stop")
        assert "nothing to stop" in (await parent.next_message()).content

        await _begin(parent, await new_invite(database, REVIEW))
        for _ in range(6):
            await parent.tap(await parent.next_message(), "Agree")
        await parent.tap(await parent.next_message(), "Skip ➡️")
        thanks = await parent.next_message()
        code = thanks.content.split("/withdraw ")[1].split()[0]
        assert await release_all(database) == 1  # withdrawal works after the release too
        await parent.send("/withdraw NOTACODE")
        assert "couldn't find" in (await parent.next_message()).content
        await parent.send(f"/withdraw {code.lower()}")
        assert "deleted" in (await parent.next_message()).content
        assert await _count(database, Response) == 0


async def test_bad_invites_and_no_invite_say_how_to_get_one(
    emulator: Emulator, database: Database
) -> None:
    expired = await new_invite(database, REVIEW, expires_in=timedelta(seconds=-1))
    used = await new_invite(database, REVIEW)
    person = emulator.user(9005, "Eve")
    async with running_bot(emulator, database):
        await emulator.user(9006, "First").send(f"/start {used}")
        for start in (f"/start {expired}", f"/start {used}", "/start not-a-real-token", "/start"):
            await person.send(start)
            reply = await person.next_message()
            assert "ask your worker" in reply.content.lower() or "ask them" in reply.content.lower()
        await person.send("/help")
        assert "116 123" in (await person.next_message()).content
        await person.send("/privacy")
        assert "Your privacy" in (await person.next_message()).content


async def test_language_can_be_changed_mid_survey(emulator: Emulator, database: Database) -> None:
    parent = emulator.user(9007, "Fi", language_code="en")
    async with running_bot(emulator, database):
        await _begin(parent, await new_invite(database, REVIEW))
        first = await parent.next_message()
        await parent.tap(first, "Agree")
        await parent.next_message()
        await parent.send("/language")
        choose = await parent.next_message()
        await parent.tap(choose, "اردو")
        again = await parent.next_message()
        assert again.content.startswith("8 میں سے 2")
    async with database.read() as session:
        row = (await session.scalars(select(SurveySession))).one()
    assert row.language == "ur" and row.state["answers"] == {"listened": "agree"}
