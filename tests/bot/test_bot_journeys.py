"""End to end over real HTTP: families taking surveys through the real Application."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from telegram.request import HTTPXRequest

from bot.emulator import Emulator
from bot.retry import RetryingRequest
from bot.transport import AiohttpRequest
from bot.updates import SkipUnreadableUpdates
from storage.database import Database
from storage.models import Answer, Response, SurveySession
from surveys.catalog import get_survey
from tests.bot._helpers import new_invite, running_bot
from tests.released import release_all

REVIEW = "parent-carer-review"


def _question_text(index: int, language: str) -> str:
    survey = get_survey(REVIEW)
    assert survey is not None
    return survey.questions[index].text.get(language)


async def _stored(database: Database) -> tuple[list[Response], list[Answer]]:
    await release_all(database)  # as the purge job does once the day is over
    async with database.read() as session:
        responses = list((await session.scalars(select(Response))).all())
        answers = list(
            (
                await session.scalars(select(Answer).order_by(Answer.response_id, Answer.position))
            ).all()
        )
    return responses, answers


@pytest.mark.parametrize("client", ["aiohttp", "httpx"])
async def test_parent_completes_review_in_english(
    emulator: Emulator, database: Database, client: str
) -> None:
    """Over both HTTP clients the bot can use (BETTEROFF_TELEGRAM_HTTP)."""
    token = await new_invite(database, REVIEW)
    parent = emulator.user(5001, "Sam", language_code="en-GB")
    async with running_bot(emulator, database, telegram_http=client) as application:
        wanted = AiohttpRequest if client == "aiohttp" else HTTPXRequest
        get_updates, calls = application.bot._request
        # getUpdates goes through the wrapper that skips updates the bot cannot read.
        assert isinstance(get_updates, SkipUnreadableUpdates)
        assert isinstance(calls, RetryingRequest)  # sends are retried (bot.retry)
        assert all(isinstance(r, wanted) for r in (get_updates.inner, calls.inner))
        await parent.send(f"/start {token}")
        welcome = await parent.next_message()
        assert "anonymous" in welcome.content
        assert "/help" in welcome.content and "/stop" in welcome.content
        assert "not read" in welcome.content.lower() or "nobody reads" in welcome.content.lower()
        # English preselected from the phone's en-GB, offered first.
        assert welcome.button_texts[0] == "✅ English"
        await parent.tap(welcome, "✅ English")

        first = await parent.next_message()
        assert first.content.startswith("1 of 8")
        assert _question_text(0, "en") in first.content
        assert "⬅️ Back" not in first.button_texts
        await parent.tap(first, "Agree")
        edited = await parent.wait_for(lambda m: m.message_id == first.message_id and m.edited)
        assert edited.buttons == [] and "✅ Agree" in edited.content

        for _ in range(5):
            question = await parent.next_message()
            await parent.tap(question, "Strongly agree")
        words = await parent.next_message()
        assert "7 of 8" in words.content and "Skip ➡️" in words.button_texts
        await parent.send("My worker Sarah Jones rang me back every time, which really helped.")
        share = await parent.next_message()
        await parent.tap(share, share.buttons[0][0].text)  # yes, you can share it
        thanks = await parent.next_message()
        assert "Thank you" in thanks.content and "/withdraw" in thanks.content

    responses, answers = await _stored(database)
    assert len(responses) == 1
    response = responses[0]
    assert (response.survey_id, response.touchpoint, response.language) == (REVIEW, "review", "en")
    assert (response.agency, response.team, response.flagged) == ("SCT", "north", False)
    by_question = {a.question_id: a for a in answers}
    assert by_question["listened"].codes == "agree"
    assert by_question["plan"].codes == "strongly_agree"
    assert by_question["in-your-words"].text is not None
    assert "Sarah" not in by_question["in-your-words"].text  # redacted on the way in
    async with database.read() as session:
        assert (await session.scalars(select(SurveySession))).all() == []


async def test_parent_completes_review_in_polish(emulator: Emulator, database: Database) -> None:
    token = await new_invite(database, REVIEW)
    parent = emulator.user(5002, "Ola", language_code="pl")
    async with running_bot(emulator, database):
        await parent.send(f"/start {token}")
        welcome = await parent.next_message()
        assert "anonimowa" in welcome.content
        assert welcome.button_texts[0] == "✅ Polski"
        await parent.tap(welcome, "✅ Polski")
        first = await parent.next_message()
        assert first.content.startswith("1 z 8")
        assert _question_text(0, "pl") in first.content
        for _ in range(6):
            question = await parent.next_message() if _ else first
            await parent.tap(question, question.buttons[0][0].text)
        words = await parent.next_message()
        await parent.tap(words, "Pomiń ➡️")
        thanks = await parent.next_message()
        assert "/withdraw" in thanks.content and "Dziękujemy" in thanks.content

    responses, answers = await _stored(database)
    assert [r.language for r in responses] == ["pl"]
    by_question = {a.question_id: a for a in answers}
    assert by_question["in-your-words"].skipped
    assert "share" not in by_question  # not asked: nothing was written to share


async def test_child_uses_emoji_back_and_skip(emulator: Emulator, database: Database) -> None:
    token = await new_invite(database, "child-review")
    child = emulator.user(5003, "Kai", language_code="en")
    async with running_bot(emulator, database):
        await child.send(f"/start {token}")
        welcome = await child.next_message()
        await child.tap(welcome, "✅ English")
        first = await child.next_message()
        # Emoji on one row, with the meaning of each spelled out in the message.
        assert len(first.buttons[0]) >= 5 and all(len(b.text) <= 2 for b in first.buttons[0])
        await child.tap(first, first.buttons[0][0].text)
        second = await child.next_message()
        assert second.content.startswith("2 of")
        await child.tap(second, "⬅️ Back")
        again = await child.next_message()
        assert again.content.startswith("1 of")
        await child.tap(again, again.buttons[0][2].text)  # changed their mind
        second = await child.next_message()
        await child.tap(second, "Skip ➡️")
        for _ in range(3):
            question = await child.next_message()
            await child.tap(question, question.buttons[0][1].text)
        words = await child.next_message()
        await child.tap(words, "Skip ➡️")
        thanks = await child.next_message()
        assert "/withdraw" in thanks.content

    responses, answers = await _stored(database)
    assert [r.survey_id for r in responses] == ["child-review"]
    by_question = {a.question_id: a for a in answers}
    assert by_question["listened"].codes == first_codes_third(answers)
    assert by_question["talk"].skipped


def first_codes_third(answers: list[Answer]) -> str | None:
    """The code stored for the first question (the third emoji, after going back)."""
    return next(a.codes for a in answers if a.question_id == "listened")
