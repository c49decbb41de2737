"""Counters of surveys started and of where unfinished ones stopped, on both backends.

They must outlive the session rows they count (completed, stopped, replaced, purged),
never lose a count when workers start surveys at once, and never hold a team.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from storage_sample import NOW, STATES, SURVEY, TODAY, answer_all, finish, start

from storage.database import Database
from storage.models import SurveySession, SurveyStarts, SurveyStops
from storage.purge import purge
from storage.sessions import advance_session, drop_session, start_session

WORKER = Path(__file__).parent / "storage_worker.py"


async def _starts(db: Database) -> dict[tuple[date, str, str, str], int]:
    async with db.read() as session:
        rows = await session.execute(
            select(
                SurveyStarts.day,
                SurveyStarts.survey_id,
                SurveyStarts.touchpoint,
                SurveyStarts.agency,
                SurveyStarts.started,
            )
        )
        return {(day, s, t, a): n for day, s, t, a, n in rows}


async def _stops(db: Database) -> dict[tuple[date, str, str, str, str], int]:
    async with db.read() as session:
        rows = await session.execute(
            select(
                SurveyStops.day,
                SurveyStops.survey_id,
                SurveyStops.touchpoint,
                SurveyStops.agency,
                SurveyStops.question_id,
                SurveyStops.stopped,
            )
        )
        return {(day, s, t, a, q): n for day, s, t, a, q, n in rows}


async def _sessions(db: Database) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(SurveySession)) or 0)


async def _advance_once(db: Database, key: str) -> None:
    async with db.write() as session:
        assert await advance_session(
            session=session, chat_key=key, survey=SURVEY, expected_step=0, state=STATES[1], now=NOW
        )


async def test_each_start_is_counted_by_day_survey_touchpoint_and_agency(
    database: Database,
) -> None:
    await start(database, 1)
    await start(database, 2, team="south")  # another team, the same counter
    await start(database, 3, agency="HLT", touchpoint="closure")
    await start(database, 4, agency=None)
    async with database.write() as session:
        await start_session(
            session=session,
            chat_key=database.chat_key(5),
            survey=SURVEY,
            language="en",
            state=STATES[0],
            now=NOW,
            agency="CSC",
            today=TODAY + timedelta(days=1),  # the local day, when it differs from UTC's
        )
    assert await _starts(database) == {
        (TODAY, SURVEY.id, "review", "CSC"): 2,  # the survey's own touchpoint by default
        (TODAY, SURVEY.id, "closure", "HLT"): 1,
        (TODAY, SURVEY.id, "review", ""): 1,
        (TODAY + timedelta(days=1), SURVEY.id, "review", "CSC"): 1,
    }


def test_no_counter_has_a_team_or_anything_finer_than_a_day() -> None:
    for table in (SurveyStarts.__table__, SurveyStops.__table__):
        columns = {column.name for column in table.columns}
        assert "team" not in columns
        assert not any("chat" in name or name.endswith("_at") for name in columns)


async def test_surveys_started_at_once_are_all_counted(database: Database) -> None:
    await asyncio.gather(*(start(database, chat_id) for chat_id in range(40)))
    assert await _starts(database) == {(TODAY, SURVEY.id, "review", "CSC"): 40}


async def test_stopped_replaced_and_purged_surveys_are_counted_where_they_stopped(
    database: Database,
) -> None:
    stopped, _replaced, abandoned, _idle, done = [await start(database, i) for i in range(5)]
    await _advance_once(database, stopped)  # now waiting on "helped"
    async with database.write() as session:
        assert await drop_session(session=session, chat_key=stopped)  # /stop
    await start(database, 1)  # the same chat starts again: its first attempt stopped
    await _advance_once(database, abandoned)
    await answer_all(database, done)
    assert await finish(database, done) is not None  # completed: not a stop
    assert await _stops(database) == {
        (TODAY, SURVEY.id, "review", "CSC", "helped"): 1,
        (TODAY, SURVEY.id, "review", "CSC", "listened"): 1,
    }
    async with database.write() as session:
        dry = await purge(session=session, now=NOW + timedelta(days=8), today=TODAY, dry_run=True)
    assert dry.abandoned_sessions == 3  # chat 1's second attempt, abandoned, idle
    assert len(await _stops(database)) == 2  # a dry run counts nothing
    async with database.write() as session:
        done_report = await purge(session=session, now=NOW + timedelta(days=8), today=TODAY)
    assert done_report.abandoned_sessions == 3
    assert await _sessions(database) == 0
    assert await _stops(database) == {
        (TODAY, SURVEY.id, "review", "CSC", "helped"): 2,  # stopped, abandoned
        (TODAY, SURVEY.id, "review", "CSC", "listened"): 3,  # chat 1 twice, idle
    }
    # Every start is accounted for: one completed, the other five stopped somewhere.
    assert await _starts(database) == {(TODAY, SURVEY.id, "review", "CSC"): 6}


async def test_a_stop_counts_against_the_day_the_survey_was_started(database: Database) -> None:
    await start(database, 1)
    async with database.write() as session:
        await purge(session=session, now=NOW + timedelta(days=30), today=TODAY + timedelta(30))
    assert list(await _stops(database)) == [(TODAY, SURVEY.id, "review", "CSC", "listened")]


async def test_starts_from_several_processes_are_all_counted(
    database: Database, database_url: str, secret: str, tmp_path: Path
) -> None:
    go_file = tmp_path / "go"
    arguments = ["surveys", database_url, secret, "{worker}", "15", str(go_file)]
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *(a.format(worker=i) for a in arguments)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            assert worker.stdout.readline().strip() == "ready", worker.stderr
        go_file.touch()
        for worker in workers:
            out, err = worker.communicate(timeout=100)
            assert worker.returncode == 0, err
            assert json.loads(out.strip().splitlines()[-1])["errors"] == []
    finally:
        for worker in workers:
            worker.kill()
    assert await _starts(database) == {(TODAY, SURVEY.id, "review", "CSC"): 30}
    assert await _stops(database) == {}


async def test_the_migration_counts_what_was_there_before_it(
    database_url: str, secret: str
) -> None:
    db = Database(database_url, secret=secret)
    try:
        await db.upgrade("0001")
        async with db.write() as session:
            for index, (survey_id, completed_on, agency) in enumerate(
                [("a", "2026-03-01", "CSC"), ("a", "2026-03-01", "CSC"), ("a", "2026-03-02", None)]
            ):
                await session.execute(
                    text(
                        "INSERT INTO responses (id, survey_id, survey_version, audience, "
                        "touchpoint, agency, team, language, completed_on, flagged, "
                        "flag_followed_up, withdrawal_hash) VALUES (:id, :survey, 1, "
                        "'parent_carer', 'review', :agency, 'north', 'en', :day, false, "
                        "false, :withdrawal)"
                    ),
                    {
                        "id": f"r{index}", "survey": survey_id, "agency": agency,
                        "day": date.fromisoformat(completed_on), "withdrawal": f"w{index}",
                    },
                )  # fmt: skip
            await session.execute(
                text(
                    "INSERT INTO survey_sessions (chat_key, survey_id, survey_version, "
                    "language, state, step, agency, touchpoint, started_at, last_activity, "
                    "reminder_sent) VALUES ('k', 'a', 1, 'en', '{}', 0, 'CSC', NULL, "
                    ":at, :at, false)"
                ),
                {"at": NOW.replace(tzinfo=None)},
            )
        await db.upgrade()
        assert await _starts(db) == {
            (date(2026, 3, 1), "a", "review", "CSC"): 2,
            (date(2026, 3, 2), "a", "review", ""): 1,
            (NOW.date(), "a", "", "CSC"): 1,
        }
        async with db.read() as session:
            started_on = await session.scalar(select(SurveySession.started_on))
        assert started_on == NOW.date()
    finally:
        await db.dispose()
