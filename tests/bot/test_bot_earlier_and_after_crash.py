"""Old buttons and lost replies: a keyboard from an earlier survey, an old button after
finishing, and the reply a crash between saving and replying never sent (issue 18, 4 and 6).

A crash there can also leave a question unseen that takes typed words: whatever the person
types next is kept as its answer (a person who did see it before a planned restart must
not lose their words), and they are told so, with the way to change it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import select

from bot.context import SERVICES_KEY, BotApplication
from bot.emulator import Emulator
from bot.emulator.model import ChatMessage
from bot.emulator.user import EmulatedUser
from bot.handlers import respondent
from storage.database import Database
from storage.models import Answer
from surveys.catalog import shipped_surveys
from tests.bot._helpers import LOCAL_HELP, new_invite, running_bot
from tests.released import release_all

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


async def _lose_the_thank_you(
    emulator: Emulator,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    parent: EmulatedUser,
    token: str,
) -> None:
    """Take the survey to the end, the process dying as the thank-you goes out."""
    real_send_next = respondent._send_next

    async def dies_at_the_end(
        context: object, chat_id: int, turn: object, language: str, **options: Any
    ) -> object:
        if getattr(turn, "receipt", None) is not None:
            raise asyncio.CancelledError
        return await real_send_next(context, chat_id, turn, language, **options)  # type: ignore[arg-type]

    async with running_bot(emulator, database):
        first = await _first_question(parent, token)
        monkeypatch.setattr(respondent, "_send_next", dies_at_the_end)
        await _to_the_end(parent, first, 1)
        await asyncio.sleep(0.5)
        assert not any("/withdraw" in m.content for m in parent.messages)
    monkeypatch.setattr(respondent, "_send_next", real_send_next)


@pytest.mark.parametrize("sends", ["a message", "the link again"])
async def test_after_a_lost_thank_you_the_next_message_says_the_answers_were_saved(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch, sends: str
) -> None:
    """Whether they write or tap their invite link again (used up by their own survey),
    they hear that their answers were saved, and get their code."""
    parent = emulator.user(9804 if sends == "a message" else 9813, "Thanks")
    token = await new_invite(database, REVIEW)
    await _lose_the_thank_you(emulator, database, monkeypatch, parent, token)
    async with running_bot(emulator, database):
        parent.mark_read()
        await parent.send("hello?" if sends == "a message" else f"/start {token}")
        again = await parent.next_message()
        assert "saved" in again.content, again.content
        assert "/withdraw" in again.content, again.content
        # Told once: the link to re-send it went with it.
        await parent.send("hello again")
        after = await parent.next_message()
        assert "/withdraw" not in after.content


# --- a typed answer to a question this process never showed -----------------------------

#: The review's seventh question, in the person's own words (free text).
OWN_WORDS = "In your own words, what is helping, and what could be better?"
#: The words of the notice, whichever question comes next.
KEPT = "We saved what you just sent as your answer to"
PRIVATE = "No, please keep it private"


def _asks(number: int) -> Callable[[ChatMessage], bool]:
    """A message asking question ``number`` with its buttons (an answered one has none)."""
    pattern = re.compile(rf"^{number} of \d", re.MULTILINE)
    return lambda message: bool(pattern.search(message.content)) and bool(message.buttons)


async def _answer_until(parent: EmulatedUser, showing: ChatMessage, last: int) -> ChatMessage:
    """Tap through the agree questions from the first up to ``last``; what then shows."""
    for number in range(1, last + 1):
        await parent.tap(showing, AGREE[number - 1])
        showing = await parent.wait_for(_asks(number + 1))
    return showing


def _dies_once(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The next call of ``respondent.<name>`` dies: the answer is saved, nothing is sent."""
    real = getattr(respondent, name)
    crash = [True]

    async def dies_once(*args: Any, **kwargs: Any) -> Any:
        if crash:
            crash.pop()
            raise asyncio.CancelledError  # as far as the person can tell: the bot died
        return await real(*args, **kwargs)

    monkeypatch.setattr(respondent, name, dies_once)


async def _lose_the_reply_to(
    emulator: Emulator,
    parent: EmulatedUser,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    *,
    answered: int,
    survey: str = REVIEW,
    layout: str = "messages",
    **options: Any,
) -> None:
    """Invited to ``survey``, answer up to question ``answered``; the bot dies before it
    shows the next one."""
    token = await new_invite(database, survey)
    async with _restarted(emulator, database, layout=layout, **options):
        await parent.send(f"/start {token}")
        await parent.tap(await parent.next_message(), "✅ English")
        showing = await _answer_until(parent, await parent.wait_for(_asks(1)), answered - 1)
        # A tap on the card edits it into the next question; in messages, a new one.
        with monkeypatch.context() as patched:
            _dies_once(patched, "_turn_card" if layout == "card" else "_send_next")
            await parent.tap(showing, AGREE[answered - 1])
            await asyncio.sleep(0.5)
    assert not any(_asks(answered + 1)(m) for m in parent.messages)


#: The review without its share question: the words are the last thing asked.
WORDS_LAST = "parent-carer-review-words-last"


def _add_surveys(bot: BotApplication) -> None:
    services = bot.bot_data[SERVICES_KEY]
    review = shipped_surveys()[REVIEW]
    assert review.questions[-1].id == "share"
    words_last = dataclasses.replace(review, id=WORDS_LAST, questions=review.questions[:-1])
    services.surveys = {**services.surveys, WORDS_LAST: words_last}


@asynccontextmanager
async def _restarted(emulator: Emulator, database: Database, **options: Any) -> AsyncIterator[None]:
    """The bot running (again), with the survey whose free-text question is its last."""
    async with running_bot(emulator, database, **options) as bot:
        _add_surveys(bot)
        yield


async def _stored_words(database: Database) -> list[str | None]:
    await release_all(database)
    async with database.read() as session:
        found = await session.scalars(select(Answer).where(Answer.question_id == "in-your-words"))
        return [answer.text for answer in found]


@pytest.mark.parametrize("layout", ["messages", "card"])
async def test_words_typed_for_a_question_never_shown_are_kept_and_the_person_is_told(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    """Killed after saving question 6, before question 7 (free text) went out; after the
    restart the person types something. It is kept as the answer to question 7, and the
    next question says so and how to change it: Back, which really does."""
    parent = emulator.user(9805 if layout == "messages" else 9806, "Unseen")
    await _lose_the_reply_to(emulator, parent, database, monkeypatch, answered=6, layout=layout)
    async with _restarted(emulator, database, layout=layout):
        await parent.send("hello?")
        share = await parent.wait_for(_asks(8))
        assert KEPT in share.content, share.content
        assert OWN_WORDS[:40] in share.content, share.content
        assert "hello?" not in share.content  # their words are never echoed back
        assert "⬅️ Back" in share.content and "⬅️ Back" in share.button_texts
        # Back from the next question asks question 7 again, its answer forgotten.
        await parent.tap(share, "⬅️ Back")
        words = await parent.wait_for(_asks(7))
        assert OWN_WORDS in words.content
        await parent.send("The meetings help")
        share = await parent.wait_for(lambda m: _asks(8)(m) and KEPT not in m.content)
        await parent.tap(share, PRIVATE)
        await parent.wait_for(lambda m: "/withdraw" in m.content)
        # Asked and answered in this process: nothing more to say.
        assert sum(KEPT in m.content for m in parent.messages) <= 1
    assert await _stored_words(database) == ["The meetings help"]


async def test_words_typed_for_an_unseen_last_question_are_kept_and_withdraw_is_offered(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unseen question is the last: no question comes next to go Back from, so the
    thank-you says the words were kept and that /withdraw with its code deletes them."""
    parent = emulator.user(9807, "Last")
    await _lose_the_reply_to(emulator, parent, database, monkeypatch, answered=6, survey=WORDS_LAST)
    async with _restarted(emulator, database):
        await parent.send("hello?")
        thanks = await parent.wait_for(lambda m: "/withdraw" in m.content)
        assert KEPT in thanks.content and OWN_WORDS[:40] in thanks.content, thanks.content
        assert "Back" not in thanks.content
        assert "hello?" not in thanks.content
    assert await _stored_words(database) == ["hello?"]


async def test_words_with_a_risk_typed_for_an_unseen_question_still_bring_help_lines(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The risk check reads the words as ever: help lines first, then the notice above
    the next question."""
    parent = emulator.user(9809, "Risk")
    await _lose_the_reply_to(emulator, parent, database, monkeypatch, answered=6)
    async with _restarted(emulator, database):
        parent.mark_read()
        await parent.send("this is where my step dad burnt me with his lighter")
        help_lines = await parent.next_message()
        assert LOCAL_HELP in help_lines.content and "116 123" in help_lines.content
        share = await parent.next_message()
        assert _asks(8)(share) and KEPT in share.content, share.content
        assert "lighter" not in share.content


async def test_a_message_typed_for_an_unseen_button_question_shows_it_and_keeps_nothing(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed before question 6 (buttons) went out: typing then is not an answer. The
    question comes again, and nothing is kept or claimed."""
    parent = emulator.user(9808, "Buttons")
    await _lose_the_reply_to(emulator, parent, database, monkeypatch, answered=5)
    async with _restarted(emulator, database):
        parent.mark_read()
        await parent.send("hello?")
        again = await parent.next_message()
        assert _asks(6)(again), again.content
        assert KEPT not in again.content and "already" not in again.content
        await parent.tap(again, AGREE[5])
        words = await parent.wait_for(_asks(7))
        assert KEPT not in words.content
        await parent.send("The meetings help")
        share = await parent.wait_for(_asks(8))
        assert KEPT not in share.content
        await parent.tap(share, PRIVATE)
        await parent.wait_for(lambda m: "/withdraw" in m.content)
    assert await _stored_words(database) == ["The meetings help"]


# --- the same link tapped again ---------------------------------------------------------
#
# Someone whose first tap seems to do nothing (the bot is slow, or restarting) taps the
# link again; so does someone who comes back to the survey through the worker's message.
# Their survey carries on where they were: the link is not "used already" for the chat
# that is using it, and a link anyone may use does not start them again from nothing.


async def test_the_same_link_tapped_again_carries_on_where_they_were(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9811, "Again")
    token = await new_invite(database, REVIEW)
    async with running_bot(emulator, database):
        await parent.send(f"/start {token}")
        welcome = await parent.next_message()
        await parent.send(f"/start {token}")  # before choosing a language
        languages = await parent.next_message()
        assert "doesn't work" not in languages.content, languages.content
        await parent.tap(languages, "✅ English")
        showing = await _answer_until(parent, await parent.wait_for(_asks(1)), 2)
        assert welcome.content != showing.content
        parent.mark_read()
        await parent.send(f"/start {token}")
        again = await parent.next_message()
        assert again.content.startswith("3 of 8"), again.content
        await _to_the_end(parent, again, 3)
        thanks = await parent.wait_for(lambda m: "/withdraw" in m.content)
        assert "/withdraw" in thanks.content
    assert not any("doesn't work" in m.content for m in parent.messages)
    await release_all(database)
    async with database.read() as session:
        answers = (await session.scalars(select(Answer.question_id))).all()
    assert answers.count("listened") == 1, answers


async def test_a_link_anyone_may_use_tapped_again_does_not_start_them_again(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9812, "Poster")
    token = await new_invite(database, REVIEW, uses=None)
    async with running_bot(emulator, database):
        await parent.send(f"/start {token}")
        await parent.tap(await parent.next_message(), "✅ English")
        await _answer_until(parent, await parent.wait_for(_asks(1)), 1)
        parent.mark_read()
        await parent.send(f"/start {token}")
        again = await parent.next_message()
        assert again.content.startswith("2 of 8"), again.content
        await asyncio.sleep(0.3)
        assert parent.last_message is again, parent.last_message


async def test_on_the_live_card_the_link_tapped_again_moves_the_card_to_the_bottom(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9814, "Card")
    token = await new_invite(database, REVIEW)
    async with running_bot(emulator, database, layout="card"):
        await parent.send(f"/start {token}")
        await parent.tap(await parent.next_message(), "✅ English")
        card = await parent.wait_for(_asks(1))
        await parent.tap(card, AGREE[0])
        await parent.wait_for(_asks(2))
        parent.mark_read()
        await parent.send(f"/start {token}")
        again = await parent.next_message()
        assert _asks(2)(again), again.content
        await asyncio.sleep(0.3)
        # One live card: the one sent again; the old one has left the screen.
        assert [m for m in parent.messages if m.buttons and "of 8" in m.content] == [again]
