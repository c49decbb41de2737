"""The fault test: the real ``betteroff run`` killed (SIGKILL) at random points of a
50-person run on the emulator, and started again each time (issue 18).

Each person does what a person would: answers the question showing, and if nothing comes
within a few seconds, taps the same button again (or, for typed words, sends ``/start``
to see where they are). Until the survey shows, they tap their link again: a kill can
lose the first tap's update, which long polling acknowledged when it fetched the next
batch, before the handler finished. After the last restart:

- every person finishes and gets a thank-you with a withdrawal code;
- every response is stored once, with exactly the answers given;
- nobody was told something false: that their answers were not kept, that their link did
  not work, that something went wrong, or that a question was from another survey. (A tap
  again after the thank-you may be told the survey has ended: true.)
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser, Emulator
from bot.emulator.model import ChatMessage
from storage.database import Database
from storage.models import Answer, Response
from tests.bot._helpers import new_invite, run_environment
from tests.conftest import TEST_SECRET
from tests.released import release_all

pytestmark = pytest.mark.timeout(120)

BETTEROFF = Path(sys.executable).with_name("betteroff")
PEOPLE = 50
KILLS = 5
AGREE = ["Strongly agree", "Agree", "Disagree", "In between", "Agree", "Strongly disagree"]
CODES = ["strongly_agree", "agree", "disagree", "neither", "agree", "strongly_disagree"]
QUESTIONS = ["listened", "plan", "together", "exploitation-signs", "child-happier", "better"]
#: On the one live card the progress follows a tick for the answer before it.
QUESTION = re.compile(r"^(\d+) of 8", re.MULTILINE)
#: Words that would be false for someone whose answers were all kept.
FALSE = (
    "not kept",
    "doesn't work",
    "no survey going on",
    "something went wrong",
    "earlier survey",
    "closed because",
)
#: How long a person waits for a reply before trying again.
PATIENCE = 3.0


class Bot:
    """``betteroff run`` (long polling) as a process that can be killed and started again."""

    def __init__(self, emulator: Emulator, database_url: str, logs: Path) -> None:
        self.env = run_environment(emulator.token, emulator.base_url, database_url)
        self.logs = logs
        self.runs = 0
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        self.runs += 1
        with (self.logs / f"run-{self.runs}.log").open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                str(BETTEROFF),
                "run",
                env=self.env,
                cwd=self.logs,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        assert await self.process.wait() == -signal.SIGKILL

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()

    def log(self) -> str:
        return "\n".join(
            (self.logs / f"run-{n}.log").read_text(errors="replace")[-3000:]
            for n in range(1, self.runs + 1)
        )


def _actionable(message: ChatMessage) -> bool:
    words = message.content
    return (
        bool(QUESTION.search(words))
        or "/withdraw" in words
        or "✅ English" in str(message.button_texts)
    )


def _screen(person: EmulatedUser) -> list[tuple[int, str]]:
    """What the chat shows: a new message, an edited card or a deleted one all change it."""
    return [(m.message_id, m.content) for m in person.messages]


async def _wait_for_new(person: EmulatedUser, seen: list[tuple[int, str]], timeout: float) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if _screen(person) != seen:
            return True
        await asyncio.sleep(0.05)
    return False


async def _take_part(person: EmulatedUser, token: str, deadline: float) -> str:
    """Take the survey to its thank-you, whatever the bot does meanwhile; the code."""
    loop = asyncio.get_running_loop()
    await person.send(f"/start {token}")
    while not any(_actionable(m) for m in person.messages):
        if loop.time() > deadline:
            raise AssertionError(f"{person.chat_id}: no welcome")
        if not await _wait_for_new(person, _screen(person), PATIENCE * 2):
            await person.send(f"/start {token}")  # the link again
    while True:
        if loop.time() > deadline:
            shown = [m.content[:40] for m in person.messages[-5:]]
            raise AssertionError(f"{person.chat_id} stuck: {shown}")
        showing = next((m for m in reversed(person.messages) if _actionable(m)), None)
        if showing is None:  # nothing to answer on screen: wait, then ask where they are
            if not await _wait_for_new(person, _screen(person), PATIENCE):
                await person.send("/start")
            continue
        found = re.search(r"/withdraw (\S+)", showing.content)
        if found:
            return found.group(1)
        number = QUESTION.search(showing.content)
        if number is None:  # the language buttons
            data = next(
                b.callback_data for row in showing.buttons for b in row if "English" in b.text
            )
        elif int(number.group(1)) == 7:
            data = None
        else:
            index = int(number.group(1))
            label = AGREE[index - 1] if index <= 6 else "No, please keep it private"
            data = next(
                (b.callback_data for row in showing.buttons for b in row if b.text == label), None
            )
            if data is None:  # shown already answered (edited): wait for what comes next
                await _wait_for_new(person, _screen(person), PATIENCE)
                continue
        seen = _screen(person)
        if data is None:
            await person.send("The family group meetings help us plan the week")
        else:
            await person.forge_tap(showing, data or "")
        while not await _wait_for_new(person, seen, PATIENCE):
            if loop.time() > deadline:
                break
            # Nothing came: the same tap again, or, for typed words, where am I?
            if data is None:
                await person.send("/start")
            else:
                await person.forge_tap(showing, data)


async def test_kill_minus_nine_at_random_points_loses_and_duplicates_nothing(
    emulator: Emulator, tmp_path: Path
) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'betteroff.db'}"
    db = Database(database_url, secret=TEST_SECRET)
    try:
        await db.upgrade()
        tokens = [await new_invite(db, "parent-carer-review") for _ in range(PEOPLE)]
    finally:
        await db.dispose()
    rng = random.Random(int(os.environ.get("BETTEROFF_FAULT_SEED", "18")))
    bot = Bot(emulator, database_url, tmp_path)
    people = [emulator.user(9_950_000 + n, f"P{n}") for n in range(PEOPLE)]
    await bot.start()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 90

    async def killer() -> None:
        for _ in range(KILLS):
            await asyncio.sleep(rng.uniform(1.0, 4.0))
            await bot.kill()
            await bot.start()

    async def person_at(n: int) -> str:
        await asyncio.sleep(rng.uniform(0, 3))  # not all at once
        return await _take_part(people[n], tokens[n], deadline)

    started = loop.time()
    try:
        codes, _ = await asyncio.gather(
            asyncio.gather(*(person_at(n) for n in range(PEOPLE))), killer()
        )
    except BaseException:
        print(bot.log())
        raise
    finally:
        await bot.stop()
    print(f"{PEOPLE} people, {KILLS} kills: {loop.time() - started:.1f} s")
    assert bot.runs == KILLS + 1
    assert len(set(codes)) == PEOPLE

    told = [
        f"{person.chat_id}: {words[:80]}"
        for person in people
        for words in [m.content for m in person.messages]
        + [a.text or "" for a in person.answered_callbacks]
        if any(falsehood in words for falsehood in FALSE)
    ]
    if told:
        print(bot.log())
    assert not told, told

    db = Database(database_url, secret=TEST_SECRET)
    try:
        assert await release_all(db) == PEOPLE
        async with db.read() as session:
            responses = (await session.scalars(select(Response))).all()
            answers = (await session.scalars(select(Answer))).all()
    finally:
        await db.dispose()
    assert len(responses) == PEOPLE
    by_response: dict[str, dict[str, Answer]] = {}
    for answer in answers:
        assert answer.question_id not in by_response.setdefault(answer.response_id, {})
        by_response[answer.response_id][answer.question_id] = answer
    for response in responses:
        given = by_response[response.id]
        assert [given[q].codes for q in QUESTIONS] == CODES
        assert given["in-your-words"].text == "The family group meetings help us plan the week"
