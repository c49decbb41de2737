"""Several processes at once, and a process killed mid-burst, on a real database.

The workers are separate Python processes (``storage_worker.py``), as several bot workers
or a bot plus the command line would be.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from storage_sample import ANSWERS_PER_RESPONSE

from storage.database import Database
from storage.models import Answer, HeldResponse, Response, SurveySession
from tests.released import release_all

WORKER = Path(__file__).parent / "storage_worker.py"
PROCESSES = 4
SURVEYS_PER_PROCESS = 50  # 200 surveys at once


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _counts(db: Database) -> tuple[int, int, int]:
    async with db.read() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model))
            for model in (Response, Answer, SurveySession)
        ]
    return int(counts[0] or 0), int(counts[1] or 0), int(counts[2] or 0)


@pytest.mark.timeout(120)
async def test_200_surveys_from_several_processes_are_each_stored_once(
    database: Database, database_url: str, secret: str, tmp_path: Path
) -> None:
    go_file = tmp_path / "go"
    workers = [
        _spawn("surveys", database_url, secret, str(i), str(SURVEYS_PER_PROCESS), str(go_file))
        for i in range(PROCESSES)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready", worker.stderr
        go_file.touch()
        summaries = []
        for worker in workers:
            out, err = worker.communicate(timeout=100)
            assert worker.returncode == 0, err
            summaries.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for worker in workers:
            worker.kill()
    errors = [e for s in summaries for e in s["errors"]]
    assert errors == [], errors[0]  # no "database is locked", nothing applied twice
    total = PROCESSES * SURVEYS_PER_PROCESS
    assert await release_all(database) == total  # a day later
    assert await _counts(database) == (total, total * ANSWERS_PER_RESPONSE, 0)
    async with database.read() as session:
        duplicates = await session.scalar(
            text(
                "SELECT count(*) FROM (SELECT response_id, question_id FROM answers "
                "GROUP BY response_id, question_id HAVING count(*) > 1) AS twice"
            )
        )
    assert duplicates == 0


@pytest.mark.timeout(120)
async def test_a_process_killed_mid_burst_loses_no_acknowledged_completion(
    database: Database, database_url: str, secret: str
) -> None:
    worker = _spawn("burst", database_url, secret, "1")
    acknowledged: list[str] = []
    try:
        assert worker.stdout is not None
        while len(acknowledged) < 40:
            line = worker.stdout.readline()
            assert line, worker.stderr.read() if worker.stderr else "worker ended"
            if line.startswith("ack "):
                acknowledged.append(line.split()[1])
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        worker.kill()
    assert worker.returncode == -signal.SIGKILL

    if database.dialect == "sqlite":
        path = make_url(database_url).database or ""
        with sqlite3.connect(path) as connection:  # a fresh process would open it like this
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    await database.dispose()  # reopen, as after a restart
    # Acknowledged completions are held (a receipt carries the held id) until the release.
    async with database.read() as session:
        held = {row.id: len(row.answers) for row in await session.scalars(select(HeldResponse))}
    assert set(acknowledged) <= set(held)
    # no half-written response: each has all its answers
    assert set(held.values()) == {ANSWERS_PER_RESPONSE}
    released = await release_all(database)
    assert released == len(held)
    async with database.read() as session:
        per_response = dict(
            (
                await session.execute(
                    select(Answer.response_id, func.count()).group_by(Answer.response_id)
                )
            ).all()
        )
    assert set(per_response.values()) == {ANSWERS_PER_RESPONSE}
    assert len(per_response) == released
