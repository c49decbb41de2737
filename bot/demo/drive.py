"""Driving synthetic people through the real bot, over HTTP, on the local Bot API emulator.

Each person only does what a person can do in Telegram: open a deep link (which sends
``/start TOKEN``), tap buttons, type, send commands. The demo reads what the bot sends
back and checks it is what should come next — the question, the help lines after a
risk phrase, the thank-you with its withdrawal code — so a broken bot shows up as a
sentence saying who waited for what, not as a wrong number in a report.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from bot import keyboards
from bot.demo.people import Action, Journey, Skip, Tap, Typed, answer
from bot.emulator import ChatMessage, EmulatedUser
from bot.texts import TEXTS, text
from surveys.model import Question, Survey
from surveys.signposting import signpost_message

#: Deep links look like https://t.me/<bot>?start=<token>.
LINK = re.compile(r"https://t\.me/\S+\?start=([A-Za-z0-9_-]+)")
WITHDRAW = re.compile(r"/withdraw\s+([A-Za-z0-9]+)")
ADMIN_WARNING = "⚠️ The bot hit an error"
#: An admin approves about this share of the stories they see.
APPROVES = 0.7


class DemoFailure(Exception):
    """Something in the whole loop broke; the message is one sentence saying what."""


def first_line(record: logging.LogRecord) -> str:
    """What a log record says, in one line, without an exception's message.

    The bot's own error handler logs the class and where it failed, never the message
    (it can carry what people wrote); for other records, the class is enough too.
    """
    message = record.getMessage()
    line = message.splitlines()[0] if message else ""
    if record.exc_info and record.exc_info[1] is not None:
        line = f"{line} ({type(record.exc_info[1]).__name__})"
    return line[:200]


class ErrorSource(Protocol):
    """Where the bot's logged errors can be read, to end a failure sentence."""

    def hint(self) -> str: ...


class LogCapture(logging.Handler):
    """Collects ERROR records in this process while the demo runs, printing nothing.

    With a handler on the root logger, Python's last-resort printer stays silent, so an
    expected failure is the demo's sentence, not a traceback from a library's log.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        detail = first_line(record)
        self.seen.append(detail[:200])

    def hint(self) -> str:
        return f" This process logged: {self.seen[-1]}" if self.seen else ""

    @classmethod
    @contextlib.contextmanager
    def capture(cls) -> Iterator[LogCapture]:
        handler = cls()
        root = logging.getLogger()
        root.addHandler(handler)
        try:
            yield handler
        finally:
            root.removeHandler(handler)


@dataclass
class Tally:
    """What the demo drove, to be checked against what the database holds."""

    started: int = 0
    finished: int = 0
    withdrawn: int = 0
    flagged: int = 0
    stories: int = 0
    stopped: int = 0
    quiet: int = 0
    signposted: int = 0
    approved: int = 0
    rejected: int = 0
    joined: int = 0
    planted: set[str] = field(default_factory=set)


@dataclass
class Stage:
    """What every journey needs: the bot's surveys, the clock limits, and the log."""

    surveys: dict[str, Survey]
    local_help: str | None
    timeout: float
    errors: ErrorSource
    tally: Tally = field(default_factory=Tally)

    async def expect(
        self, user: EmulatedUser, who: str, what: str, timeout: float | None = None
    ) -> ChatMessage:
        """The bot's next message to ``user``, or a failure saying who waited for what."""
        limit = timeout or self.timeout
        try:
            message = await user.next_message(timeout=limit)
        except TimeoutError:
            raise DemoFailure(
                f"The bot never sent {who} {what} (waited {limit:g} s).{self.errors.hint()}"
            ) from None
        words = message.content or ""
        if words.startswith(ADMIN_WARNING) or any(
            words == texts.get("error") for texts in TEXTS.values()
        ):
            raise DemoFailure(
                f"The bot told {who} that something went wrong on its side while they "
                f"waited for {what}.{self.errors.hint()}"
            )
        return message


def _steps(message: ChatMessage, kind: str) -> list[keyboards.Tap]:
    found = []
    for row in message.buttons:
        for button in row:
            tap = keyboards.decode(button.callback_data)
            if tap is not None and tap.kind == kind:
                found.append(tap)
    return found


def _button(message: ChatMessage, kind: str, argument: str = "") -> str | None:
    for tap in _steps(message, kind):
        if not argument or tap.argument == argument:
            return keyboards.encode(tap.kind, tap.step, tap.argument, nonce=tap.nonce)
    return None


def _upper(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _step_of(message: ChatMessage) -> int | None:
    for row in message.buttons:
        for button in row:
            tap = keyboards.decode(button.callback_data)
            if tap is not None:
                return tap.step
    return None


def _question_in(message: ChatMessage, survey: Survey, language: str) -> Question | None:
    words = message.text or ""
    matches = [q for q in survey.questions if q.text.get(language) in words]
    return max(matches, key=lambda q: len(q.text.get(language))) if matches else None


async def open_link(user: EmulatedUser, link: str) -> None:
    """What Telegram does when someone opens a deep link: ``/start <token>`` to the bot."""
    found = LINK.search(link)
    if found is None:
        raise DemoFailure(f"The invite link {link!r} is not a Telegram deep link.")
    await user.send(f"/start {found.group(1)}")


async def take_survey(
    stage: Stage, journey: Journey, user: EmulatedUser, *, link: str | None = None
) -> None:
    """One survey, start to finish (or to where this person gives up)."""
    survey = stage.surveys[journey.survey_id]
    who = journey.describe()
    language = journey.language if journey.language in survey.languages else "en"
    if link is not None:
        await open_link(user, link)
        message = await stage.expect(user, who, "a welcome after opening their invite link")
        if len(survey.languages) > 1:
            choice = _button(message, keyboards.LANGUAGE, language)
            if choice is None:
                raise DemoFailure(f"The welcome {who} got offers no button for {language!r}.")
            await user.tap(message, choice)
            message = await stage.expect(user, who, "the first question after choosing a language")
        else:  # one language: the first question follows the welcome
            message = await stage.expect(user, who, "the first question after the welcome")
    else:  # the pulse: the bot starts it, one member of staff at a time
        message = await stage.expect(user, who, "this month's pulse", timeout=stage.timeout * 3)
        if "pulse" not in (message.text or ""):
            raise DemoFailure(f"{_upper(who)} expected the pulse, not {message.content[:80]!r}.")
        message = await stage.expect(user, who, "the first pulse question")
    stage.tally.started += 1
    await _answer_until_done(stage, journey, user, survey, language, message)


async def _answer_until_done(
    stage: Stage,
    journey: Journey,
    user: EmulatedUser,
    survey: Survey,
    language: str,
    message: ChatMessage,
) -> None:
    who = journey.describe()
    answered = 0
    went_back = False
    while True:
        if survey.thanks.get(language) in (message.text or ""):
            await _finished(stage, journey, user, message, language)
            return
        question = _question_in(message, survey, language)
        if question is None:
            raise DemoFailure(
                f"{_upper(who)} got a message that is neither a question of "
                f"{survey.id} nor its thank-you: {message.content[:80]!r}."
            )
        if journey.abandon_after is not None and answered >= journey.abandon_after:
            await _give_up(stage, journey, user, language)
            return
        action = answer(journey, question)
        await _act(stage, journey, user, message, action)
        answered += 1
        message = await stage.expect(user, who, f"what comes after question {question.id!r}")
        if isinstance(action, Typed) and question.kind == "text" and journey.words is not None:
            stage.tally.planted.update(journey.words.planted)
            if journey.words.risk:
                if message.text != signpost_message(language, local_help=stage.local_help):
                    raise DemoFailure(
                        f"{_upper(who)} wrote something worrying and the bot did not "
                        f"show the help lines at once; it sent {message.content[:80]!r}."
                    )
                stage.tally.signposted += 1
                message = await stage.expect(user, who, "the next question after the help lines")
        back = _button(message, keyboards.BACK)
        if journey.goes_back and not went_back and answered == 2 and back is not None:
            went_back = True  # changes their mind about the last answer
            await user.tap(message, back)
            message = await stage.expect(user, who, "the previous question again after Back")


async def _act(
    stage: Stage, journey: Journey, user: EmulatedUser, message: ChatMessage, action: Action
) -> None:
    """Do ``action`` to the question in ``message``: tap, tick and confirm, type or skip."""
    who = journey.describe()
    if isinstance(action, Typed):
        await user.send(action.text)
        return
    if isinstance(action, Skip):
        skip = _button(message, keyboards.SKIP)
        if skip is None:
            raise DemoFailure(f"The question {who} wanted to skip has no Skip button.")
        await user.tap(message, skip)
        return
    if isinstance(action, Tap):
        data = _button(message, keyboards.ANSWER, str(action.index))
        if data is None:
            raise DemoFailure(f"The question {who} was answering has no option {action.index}.")
        await user.tap(message, data)
        return
    for index in action.indexes:
        before = _step_of(message)
        data = _button(message, keyboards.TOGGLE, str(index))
        if data is None:
            raise DemoFailure(f"The tick-box question {who} was answering has no box {index}.")
        await user.tap(message, data)
        try:
            await user.wait_for(_ticked(message.message_id, before), timeout=stage.timeout)
        except TimeoutError:
            raise DemoFailure(
                f"The bot never ticked the box {who} tapped.{stage.errors.hint()}"
            ) from None
    done = _button(message, keyboards.DONE)
    if done is None:
        raise DemoFailure(f"The tick-box question {who} was answering has no Done button.")
    await user.tap(message, done)


def _ticked(message_id: int, before: int | None) -> Callable[[ChatMessage], bool]:
    """The tick-box message once the bot has redrawn its keyboard for the next step."""
    return lambda m: m.message_id == message_id and _step_of(m) != before


async def _finished(
    stage: Stage, journey: Journey, user: EmulatedUser, thanks: ChatMessage, language: str
) -> None:
    who = journey.describe()
    code = WITHDRAW.search(thanks.text or "")
    if code is None:
        raise DemoFailure(f"The thank-you {who} got has no /withdraw code.")
    tally = stage.tally
    tally.finished += 1
    if journey.withdraws:
        await user.send(f"/withdraw {code.group(1)}")
        reply = await stage.expect(user, who, "an answer to /withdraw")
        if reply.text != text(user.person.get("language_code"), "withdraw_done"):
            raise DemoFailure(
                f"{_upper(who)} sent /withdraw with their code and the bot did not delete "
                f"the answers: {reply.content[:80]!r}."
            )
        tally.withdrawn += 1
        return
    if journey.words is not None:
        tally.flagged += journey.words.risk
        tally.stories += journey.shares


async def _give_up(stage: Stage, journey: Journey, user: EmulatedUser, language: str) -> None:
    if not journey.stops:
        stage.tally.quiet += 1  # left the chat mid-survey; the session stays until purged
        return
    who = journey.describe()
    await user.send("/stop")
    reply = await stage.expect(user, who, "an answer to /stop")
    if reply.text != text(language, "stopped"):
        raise DemoFailure(f"{_upper(who)} sent /stop and got {reply.content[:80]!r}.")
    stage.tally.stopped += 1


# --- staff and the admin ------------------------------------------------------------------


async def join_staff(stage: Stage, user: EmulatedUser, code: str) -> None:
    who = f"member of staff {user.user_id}"
    await user.send(f"/join {code}")
    reply = await stage.expect(user, who, "an answer to /join")
    if reply.text != text("en", "join_ok"):
        raise DemoFailure(f"The bot did not sign {who} up with /join: {reply.content[:80]!r}.")
    stage.tally.joined += 1


async def forum_link(stage: Stage, user: EmulatedUser, minutes: int) -> str:
    """A forum facilitator's ``/invite forum MINUTES``: a QR code with the link under it."""
    who = "the forum facilitator"
    await user.send(f"/invite forum {minutes}")
    reply = await stage.expect(user, who, "a forum link and QR code")
    found = LINK.search(reply.caption or "")
    if reply.photo_bytes is None or found is None:
        raise DemoFailure(f"/invite forum gave {who} no QR code and link: {reply.content[:80]!r}.")
    return found.group(0)


async def review_stories(
    stage: Stage, admin: EmulatedUser, rng: random.Random, all_driven: asyncio.Event
) -> None:
    """The admin works through ``/stories`` as they come in, until everyone has answered."""
    who = "the admin"
    while True:
        driven = all_driven.is_set()  # read first: every story already exists if so
        await admin.send("/stories")
        card = await stage.expect(admin, who, "a story or 'no stories' after /stories")
        while _steps(card, keyboards.STORY_APPROVE):
            approve = rng.random() < APPROVES
            choice = _button(card, keyboards.STORY_APPROVE if approve else keyboards.STORY_REJECT)
            assert choice is not None
            await admin.tap(card, choice)
            if approve:
                stage.tally.approved += 1
            else:
                stage.tally.rejected += 1
            card = await stage.expect(admin, who, "the next story after a decision")
        if card.text != text("en", "stories_none"):
            raise DemoFailure(f"/stories showed {who} {card.content[:80]!r}, not a story.")
        if driven:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_driven.wait(), 1.0)
