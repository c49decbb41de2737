"""Two ``betteroff run`` workers in webhook mode on one PostgreSQL database.

Each worker is a real process (``betteroff run``, configured by environment variables only)
pointed at the Bot API emulator. The emulator's webhook delivery goes through a stand-in
load balancer that hands each POST to the next worker in turn, so one person's survey
moves between workers at every tap; a delivery a stopped worker cannot take is retried
by the emulator (as Telegram retries) and lands on the other.

PostgreSQL only: workers sharing one SQLite file is not a supported way to run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.emulator import EmulatedUser, Emulator, free_port
from storage.database import Database
from storage.models import Answer, Response
from tests.bot._helpers import new_invite, run_environment
from tests.conftest import _SKIP_POSTGRES, POSTGRES_ENV, TEST_SECRET, _postgres_schema
from tests.released import release_all

pytestmark = pytest.mark.timeout(120)

WEBHOOK_SECRET = "workers-Secret_1"
BETTEROFF = Path(sys.executable).with_name("betteroff")
#: The parent-carer review: six agree5 questions, then one in their own words, then share.
AGREE_ANSWERS = [
    ("listened", "Strongly agree", "strongly_agree"),
    ("plan", "Agree", "agree"),
    ("together", "Disagree", "disagree"),
    ("exploitation-signs", "In between", "neither"),
    ("child-happier", "Agree", "agree"),
    ("better", "Strongly disagree", "strongly_disagree"),
]
OWN_WORDS = "The family group meetings help us plan the week"
#: On the one live card the progress follows a tick for the answer before it.
QUESTION = re.compile(r"^(\d+) of (\d+)$", re.MULTILINE)


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL schema; the workers migrate it themselves."""
    base_url = os.environ.get(POSTGRES_ENV)
    if not base_url:
        pytest.skip(_SKIP_POSTGRES)
    async for url in _postgres_schema(base_url):
        yield url


class Worker:
    """One ``betteroff run`` process in webhook mode on its own port."""

    def __init__(self, name: str, *, emulator: Emulator, database_url: str, logs: Path) -> None:
        self.name = name
        self.port = free_port()
        self.log_path = logs / f"worker-{name}.log"
        self.env = run_environment(emulator.token, emulator.base_url, database_url) | {
            "BETTEROFF_WEBHOOK_URL": f"http://127.0.0.1:{self.port}/telegram",
            "BETTEROFF_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "BETTEROFF_WEBHOOK_LISTEN": "127.0.0.1",
            "BETTEROFF_WEBHOOK_PORT": str(self.port),
        }
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    async def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                str(BETTEROFF),
                "run",
                env=self.env,
                cwd=self.log_path.parent,  # no .env file there
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        await self._wait_until_listening()

    async def _wait_until_listening(self, timeout: float = 30) -> None:
        # Poll the port while the test's loop keeps serving the emulator the worker calls.
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            assert self.process is not None
            if self.process.returncode is not None:
                raise AssertionError(f"worker {self.name} exited early:\n{self.log()}")
            with contextlib.suppress(OSError):
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"worker {self.name} never listened:\n{self.log()}")

    def signal(self, number: int) -> None:
        assert self.process is not None
        self.process.send_signal(number)

    async def wait(self, timeout: float = 20) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.signal(signal.SIGTERM)
        try:
            await self.wait()
        except TimeoutError:
            self.process.kill()
            await self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]


Hook = Callable[["Worker", dict[str, Any]], Awaitable[None]]


class LoadBalancer:
    """Each webhook POST from the emulator goes to the next worker, as a round-robin
    balancer in front of several workers would send it; the secret header is the one
    the workers registered with ``setWebhook``."""

    def __init__(self, emulator: Emulator, workers: list[Worker]) -> None:
        self.workers = workers
        self._post = emulator.webhooks.post
        self._turn = 0
        #: (worker, update_id, HTTP status; 0 when the worker was not there)
        self.deliveries: list[tuple[str, int, int]] = []
        self.pin_next: Worker | None = None
        self.both_next = False
        self.after_delivery: Hook | None = None
        emulator.webhooks.post = self.post  # type: ignore[method-assign]

    async def post(self, url: str, update: dict[str, Any], secret: str | None) -> tuple[int, str]:
        if self.both_next:
            self.both_next = False
            results = await asyncio.gather(
                *(self._to(worker, update, secret) for worker in self.workers)
            )
            return min(results)
        if self.pin_next is not None:
            worker, self.pin_next = self.pin_next, None
        else:
            worker = self.workers[self._turn % len(self.workers)]
            self._turn += 1
        return await self._to(worker, update, secret)

    async def _to(
        self, worker: Worker, update: dict[str, Any], secret: str | None
    ) -> tuple[int, str]:
        status, error = await self._post(worker.url, update, secret)
        self.deliveries.append((worker.name, int(update["update_id"]), status))
        if 200 <= status < 300 and self.after_delivery is not None:
            hook, self.after_delivery = self.after_delivery, None
            await hook(worker, update)
        return status, error

    def handled_by(self, name: str) -> set[int]:
        return {update for who, update, status in self.deliveries if who == name and status == 200}


@contextlib.asynccontextmanager
async def workers(
    emulator: Emulator, database_url: str, logs: Path, names: str = "ab"
) -> AsyncIterator[tuple[list[Worker], LoadBalancer]]:
    started = [
        Worker(name, emulator=emulator, database_url=database_url, logs=logs) for name in names
    ]
    balancer = LoadBalancer(emulator, started)
    try:
        # Started together on an empty database: both migrate, one at a time.
        await asyncio.gather(*(worker.start() for worker in started))
        yield started, balancer
    finally:
        await asyncio.gather(*(worker.stop() for worker in balancer.workers))


async def _question(parent: EmulatedUser, number: int) -> Any:
    """The card once it asks question ``number`` (edited in place, or sent anew after
    typed words)."""

    def asks(message: Any) -> bool:
        found = QUESTION.search(message.content)
        return bool(message.buttons) and found is not None and int(found.group(1)) == number

    return await parent.wait_for(asks, timeout=15)


async def _finish(parent: EmulatedUser, first: int, question: Any) -> None:
    """Answer from question ``first`` (already showing) to the end."""
    for number in range(first, len(AGREE_ANSWERS) + 1):
        await parent.tap(question, AGREE_ANSWERS[number - 1][1])
        question = await _question(parent, number + 1)
    await parent.send(OWN_WORDS)
    share = await _question(parent, 8)
    await parent.tap(share, "No, please keep it private")
    await parent.wait_for(lambda m: "/withdraw" in m.content, timeout=15)


async def _assert_one_complete_response(database_url: str, parent: EmulatedUser) -> None:
    db = Database(database_url, secret=TEST_SECRET)
    try:
        assert await release_all(db) == 1  # as the purge job does once the day is over
        async with db.read() as session:
            (response,) = (await session.scalars(select(Response))).all()
            answers = {
                a.question_id: a
                for a in (await session.scalars(select(Answer))).all()
                if a.response_id == response.id
            }
    finally:
        await db.dispose()
    assert response.survey_id == "parent-carer-review"
    assert {q: answers[q].codes for q, _, _ in AGREE_ANSWERS} == {
        q: code for q, _, code in AGREE_ANSWERS
    }
    assert answers["in-your-words"].text == OWN_WORDS
    # Every question reached the parent exactly once, in order: every version of every
    # message the bot sent (a card's edits, a card deleted after typed words).
    shown = [
        words
        for message in parent.chat.bot_messages
        for words in [*(old or "" for old, _ in message.history), message.content]
    ]
    asked = [int(m.group(1)) for m in (QUESTION.search(words) for words in shown) if m]
    assert asked == list(range(1, 9))


async def _start_survey(
    emulator: Emulator, database_url: str, chat_id: int
) -> tuple[EmulatedUser, Any]:
    db = Database(database_url, secret=TEST_SECRET)
    try:
        token = await new_invite(db, "parent-carer-review")
    finally:
        await db.dispose()
    parent = emulator.user(chat_id, "Sam")
    await parent.send(f"/start {token}")
    await parent.tap(await parent.next_message(timeout=15), "✅ English")
    return parent, await _question(parent, 1)


async def test_one_survey_alternating_between_two_workers_completes_once(
    emulator: Emulator, postgres_url: str, tmp_path: Path
) -> None:
    async with workers(emulator, postgres_url, tmp_path) as ((a, b), balancer):
        parent, question = await _start_survey(emulator, postgres_url, 9501)
        for number in (1, 2):
            await parent.tap(question, AGREE_ANSWERS[number - 1][1])
            question = await _question(parent, number + 1)

        # The same tap delivered to both workers at once (a redelivery racing the first):
        # it is applied once, and the next question comes once.
        balancer.both_next = True
        await parent.tap(question, AGREE_ANSWERS[2][1])
        question = await _question(parent, 4)
        edits = len(question.history)
        await asyncio.sleep(0.5)  # time for a second, wrong, reply to show up
        assert parent.messages[-1] is question and len(question.history) == edits

        # Worker A is told to stop (SIGTERM) the moment it has accepted the next tap:
        # it finishes that tap before exiting, and B carries the survey on.
        async def stop_a(worker: Worker, update: dict[str, Any]) -> None:
            worker.signal(signal.SIGTERM)

        balancer.pin_next, balancer.after_delivery = a, stop_a
        await parent.tap(question, AGREE_ANSWERS[3][1])
        question = await _question(parent, 5)
        assert await a.wait() == 0, a.log()
        await _finish(parent, 5, question)

    await _assert_one_complete_response(postgres_url, parent)
    assert balancer.handled_by("a") and balancer.handled_by("b")
    both = balancer.handled_by("a") & balancer.handled_by("b")
    assert len(both) == 1  # only the deliberate duplicate went to both
    for worker in (a, b):
        log = worker.log()
        assert f"Webhook mode: listening on 127.0.0.1:{worker.port}/telegram" in log
        assert emulator.token not in log and WEBHOOK_SECRET not in log
        assert "Traceback" not in log, log


async def test_a_worker_killed_mid_survey_loses_nothing(
    emulator: Emulator, postgres_url: str, tmp_path: Path
) -> None:
    async with workers(emulator, postgres_url, tmp_path) as ((a, _b), balancer):
        parent, question = await _start_survey(emulator, postgres_url, 9502)
        for number in (1, 2):
            await parent.tap(question, AGREE_ANSWERS[number - 1][1])
            question = await _question(parent, number + 1)
        # No goodbye at all: whatever A had, it had in the database.
        a.signal(signal.SIGKILL)
        assert await a.wait() == -signal.SIGKILL
        for number in (3, 4):
            await parent.tap(question, AGREE_ANSWERS[number - 1][1])
            question = await _question(parent, number + 1)
        # A comes back (a restart, on a new port) and takes its turns again.
        restarted = Worker("a2", emulator=emulator, database_url=postgres_url, logs=tmp_path)
        await restarted.start()
        balancer.workers[0] = restarted
        await _finish(parent, 5, question)

    await _assert_one_complete_response(postgres_url, parent)
    assert balancer.handled_by("a2") and balancer.handled_by("b")


async def test_a_worker_started_later_answers_what_arrived_while_it_was_down(
    emulator: Emulator, tmp_path: Path
) -> None:
    """Updates waiting at Telegram when a worker starts are answered, not dropped."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'betteroff.db'}"
    db = Database(database_url, secret=TEST_SECRET)
    try:
        await db.upgrade()
        token = await new_invite(db, "parent-carer-review")
    finally:
        await db.dispose()
    parent = emulator.user(9503, "Kit")
    await parent.send(f"/start {token}")  # nobody is running yet
    worker = Worker("late", emulator=emulator, database_url=database_url, logs=tmp_path)
    try:
        await worker.start()
        welcome = await parent.next_message(timeout=15)
        assert "✅ English" in [button.text for row in welcome.buttons for button in row]
        webhook = emulator.bot().webhook
        assert webhook is not None and webhook.url == worker.url
    finally:
        await worker.stop()
    assert worker.process is not None and worker.process.returncode == 0


def test_run_refuses_a_webhook_secret_telegram_would_refuse(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from bot.cli import app
    from bot.settings import get_settings

    monkeypatch.chdir(tmp_path)  # no .env file here
    monkeypatch.setenv("BETTEROFF_TELEGRAM_TOKEN", "123:ABC")
    monkeypatch.setenv("BETTEROFF_WEBHOOK_URL", "https://bot.example.org/telegram")
    monkeypatch.setenv("BETTEROFF_WEBHOOK_SECRET", "not allowed!")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["run"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "letters, digits, _ and -" in result.output
    assert "Traceback" not in result.output and "123:ABC" not in result.output
