"""The intruder's starting point: a deployment that has heard from several families.

``deployment`` drives real surveys through the real PTB ``Application`` on the Bot API
emulator (eight families finish, one presses /stop after writing, one walks away), then
lets a day pass and runs the scheduler's purge job, as the deployment would. What it
yields is what an intruder holding the secret and every file would start from, plus the
ground truth (who answered, in which order, with which words) to test their findings
against. Every log record made meanwhile, down to DEBUG, is kept for them too.

It is built once a module and backend (about five seconds each), not once a test: the
tests only read what it left, and sixteen rebuilds were a minute and a half of CI.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import pytest_asyncio
from sqlalchemy import text

from bot import flow
from bot.emulator import DEFAULT_TOKEN, Emulator
from bot.scheduler import purge_expired
from storage.database import Database
from tests.bot._helpers import running_bot
from tests.conftest import migrated_on
from tests.privacy._journeys import MARKERS, Family, take_survey
from tests.privacy.intruder import times_beside_responses

#: Ten-digit ids, like Telegram's, so finding one by chance in a file means nothing else.
FIRST_CHAT_ID = 7_301_234_500
#: Eight, so a random order matches the order of finishing (or its reverse) by chance
#: once in 20,160 (six gave a false alarm once in 360).
FINISHING = 8


@dataclass
class Deployment:
    database: Database
    finished: list[Family]  # in the order they finished
    stopped: Family
    abandoned: Family
    records: list[logging.LogRecord]
    #: PostgreSQL: times of day found, before the purge, in rows that share a transaction
    #: (``xmin``) with a stored response, held or released.
    times_beside_responses: list[str]

    @property
    def everyone(self) -> list[Family]:
        return [*self.finished, self.stopped, self.abandoned]


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(token=DEFAULT_TOKEN) as started:
        yield started


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=["sqlite", "postgresql"])
async def deployment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Deployment]:
    keep = _Keep()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(keep)
    root.setLevel(logging.DEBUG)
    try:
        async with (
            migrated_on(request.param, tmp_path_factory.mktemp("deployment")) as database,
            Emulator(token=DEFAULT_TOKEN) as emulator,
            running_bot(emulator, database) as application,
        ):
            with pytest.MonkeyPatch.context() as monkeypatch:
                finished = [
                    await take_survey(
                        emulator,
                        database,
                        FIRST_CHAT_ID + n,
                        MARKERS[n],
                        pick=n % 5,
                        share=n % 2 == 0,
                    )
                    for n in range(FINISHING)
                ]
                stopped = await take_survey(
                    emulator,
                    database,
                    FIRST_CHAT_ID + FINISHING,
                    MARKERS[FINISHING],
                    until="share",
                )
                abandoned = await take_survey(
                    emulator,
                    database,
                    FIRST_CHAT_ID + FINISHING + 1,
                    MARKERS[FINISHING + 1],
                    until="leave",
                )
                # A day and more later: the abandoned survey is past its 7 days, today's
                # responses are a finished day, and the purge job runs as it would.
                later = flow.now() + timedelta(days=1, hours=1)
                async with database.write() as session:
                    await session.execute(
                        text("UPDATE survey_sessions SET last_activity = :then"),
                        {"then": (later - timedelta(days=8)).replace(tzinfo=None)},
                    )
                beside = await times_beside_responses(database)
                monkeypatch.setattr(flow, "now", lambda: later)
                await purge_expired(application)
            yield Deployment(database, finished, stopped, abandoned, keep.records, beside)
    finally:
        root.removeHandler(keep)
        root.setLevel(old_level)
