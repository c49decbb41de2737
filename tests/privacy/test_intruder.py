"""The intruder as a test suite: after real surveys, nothing leads back to a person.

Eight families finish a survey one after another, one stops after writing, one walks
away; a day later the purge job has run. Then, holding the secret and every file, each
test tries one way in. None may tie a response to a chat id (plain, keyed or sealed),
give it a time finer than its day, or say in what order a day's responses arrived.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from storage import keys
from tests.privacy.conftest import Deployment
from tests.privacy.intruder import (
    encodings,
    files_of,
    postgres_pages,
    table_names,
    traces_of,
)

#: Tables the release transaction writes: the only rows that may share one with a response.
#: ``day_counts`` holds the day's answers counted for reports: a day, a survey, an
#: indicator, an audience and a touchpoint, never anything finer than the responses
#: themselves (:func:`test_the_report_counts_hold_nothing_finer_than_the_responses`).
RELEASED_TOGETHER = {"responses", "answers", "story_reviews", "day_counts"}

#: The deployment is built once for the module (see ``conftest.py``), on the module's loop.
pytestmark = pytest.mark.asyncio(loop_scope="module")


async def _arrival_of(deployment: Deployment) -> dict[str, int]:
    """Each stored response's place in the order of finishing (the test's ground truth)."""
    async with deployment.database.read() as session:
        rows = list(
            await session.execute(
                text("SELECT response_id, text FROM answers WHERE text IS NOT NULL")
            )
        )
    place = {family.marker: n for n, family in enumerate(deployment.finished)}
    arrival = {}
    for response_id, words in rows:
        for marker, n in place.items():
            if marker in words:
                arrival[str(response_id)] = n
    assert len(arrival) == len(deployment.finished), "every finished survey should be stored"
    return arrival


def _in_order(arrival: dict[str, int], response_ids: list[str]) -> bool:
    seen = [arrival[r] for r in dict.fromkeys(response_ids) if r in arrival]
    return seen in (sorted(seen), sorted(seen, reverse=True))


async def test_every_table_and_cell_is_free_of_the_people(deployment: Deployment) -> None:
    """Every cell of every table, read with the secret: no chat id, key or sealed chat,
    and neither the stopped survey's words nor the abandoned one's."""
    database = deployment.database
    secret = str(database.secret)
    found = []
    async with database.read() as session:
        for table in await table_names(database):
            for row in await session.execute(text(f'SELECT * FROM "{table}"')):
                cells = " ".join(str(value) for value in row if value is not None)
                for family in deployment.everyone:
                    for what, trace in traces_of(secret, family.chat_id).items():
                        if trace.isascii() and trace.decode(errors="ignore") in cells:
                            found.append(f"{what} of {family.marker} in {table}")
                for family in (deployment.stopped, deployment.abandoned):
                    if family.marker in cells:
                        found.append(f"words of {family.marker} (never given) in {table}")
    assert not found, found


async def test_no_row_written_with_a_response_gives_its_time(deployment: Deployment) -> None:
    """PostgreSQL: rows written in one transaction share ``xmin``. The transaction that
    writes a response may write nothing else (``processed_updates.seen_at`` gave every
    response its completion time to the microsecond), and a day's responses share one."""
    database = deployment.database
    if database.dialect != "postgresql":
        pytest.skip("xmin is PostgreSQL's; SQLite's rowid is covered by the order test")
    assert not deployment.times_beside_responses, deployment.times_beside_responses
    async with database.read() as session:
        joined = await session.scalar(
            text(
                "SELECT count(*) FROM responses r JOIN processed_updates p "
                "ON p.xmin::text = r.xmin::text"
            )
        )
        assert joined == 0, "a response's transaction also remembered an update, with its time"
        xmins = {str(x) for (x,) in await session.execute(text("SELECT xmin FROM responses"))}
        assert len(xmins) == 1, f"{len(xmins)} transactions wrote one day's responses"
        sharing = []
        for table in await table_names(database):
            if table in RELEASED_TOGETHER:
                continue
            shared = await session.scalar(
                text(f'SELECT count(*) FROM "{table}" WHERE xmin::text = ANY(:xmins)'),
                {"xmins": sorted(xmins)},
            )
            if shared:
                sharing.append(f"{shared} rows of {table}")
        assert not sharing, f"written with the responses: {sharing}"


async def test_nothing_orders_a_days_responses(deployment: Deployment) -> None:
    """Ids, physical order (ctid, SQLite's storage order) and transaction ids: none of
    them lists the day's responses in the order the families finished."""
    database = deployment.database
    arrival = await _arrival_of(deployment)
    orders: dict[str, list[str]] = {}
    async with database.read() as session:

        async def column(sql: str) -> list[str]:
            return [str(value) for (value,) in await session.execute(text(sql))]

        orders["responses by id"] = await column("SELECT id FROM responses ORDER BY id")
        orders["answers by id"] = await column("SELECT response_id FROM answers ORDER BY id")
        if database.dialect == "postgresql":
            orders["responses by ctid"] = await column("SELECT id FROM responses ORDER BY ctid")
            orders["answers by ctid"] = await column(
                "SELECT response_id FROM answers ORDER BY ctid"
            )
            xmins = await column("SELECT DISTINCT xmin::text FROM responses")
            assert len(xmins) == 1, "each response has a transaction id of its own, in order"
        else:
            orders["responses as stored"] = await column("SELECT id FROM responses")
            orders["answers as stored"] = await column("SELECT response_id FROM answers")
    ordered = [name for name, ids in orders.items() if _in_order(arrival, ids)]
    assert not ordered, f"in the order of finishing: {ordered}"


async def test_sqlite_files_hold_nothing_of_finished_surveys(deployment: Deployment) -> None:
    """The raw bytes of the database and its -wal, -shm and -journal, after the purge:
    no chat in any form, and no words from the surveys that were stopped or abandoned."""
    database = deployment.database
    if database.dialect != "sqlite":
        pytest.skip("PostgreSQL's pages are read by the dead-tuple test")
    secret = str(database.secret)
    found = []
    for path in files_of(database):
        data = path.read_bytes()
        for family in deployment.everyone:
            for what, trace in traces_of(secret, family.chat_id).items():
                if trace in data:
                    found.append(f"{what} of {family.marker} in {path.name}")
        for family in (deployment.stopped, deployment.abandoned):
            if any(form in data for form in encodings(family.marker)):
                found.append(f"words of {family.marker} (never given) in {path.name}")
    assert not found, found


async def test_postgres_pages_hold_no_dead_session(deployment: Deployment) -> None:
    """Every page of every table and index, free space and dead tuples included (through
    ``pageinspect``): the deleted sessions are gone once the purge has run."""
    database = deployment.database
    if database.dialect != "postgresql":
        pytest.skip("pageinspect is PostgreSQL's")
    secret = str(database.secret)
    found = []
    for where, data in (await postgres_pages(database)).items():
        for family in deployment.everyone:
            for what, trace in traces_of(secret, family.chat_id).items():
                if what.startswith("chat id (8 bytes") and family.chat_id < 2**32:
                    continue
                if trace in data:
                    found.append(f"{what} of {family.marker} in {where}")
        for family in (deployment.stopped, deployment.abandoned):
            if family.marker.encode() in data:
                found.append(f"words of {family.marker} (never given) in {where}")
    assert not found, found


def _said(record: logging.LogRecord) -> str:
    return f"{record.name} {record.getMessage()} {record.exc_text or ''}"


async def test_logs_at_debug_say_nothing_of_anyone(deployment: Deployment) -> None:
    """Every record the deployment logged, at DEBUG: no chat id, no words anyone wrote,
    no withdrawal code (with the secret, its hash finds the response) and no response id."""
    async with deployment.database.read() as session:
        response_ids = [str(r) for (r,) in await session.execute(text("SELECT id FROM responses"))]
    secret = str(deployment.database.secret)
    ours = [r for r in deployment.records if not r.name.startswith(("bot.emulator", "tests"))]
    assert ours, "the bot logs something at DEBUG"
    found = set()
    for record in ours:
        said = _said(record)
        for family in deployment.everyone:
            for what, trace in traces_of(secret, family.chat_id).items():
                if trace.isascii() and trace.decode(errors="ignore") in said:
                    found.add(f"{what} of {family.marker} logged by {record.name}")
            if family.marker in said:
                found.add(f"words of {family.marker} logged by {record.name}")
            code = family.withdrawal_code
            if code and code in said:
                found.add(f"withdrawal code of {family.marker} logged by {record.name}")
        for response_id in response_ids:
            if response_id in said:
                found.add(f"a response id logged by {record.name}")
    assert not found, sorted(found)


async def test_withdrawal_codes_still_find_their_response(deployment: Deployment) -> None:
    """Forward secrecy takes the chat away, not the respondent's own code."""
    secret = str(deployment.database.secret)
    async with deployment.database.read() as session:
        hashes = {
            h for (h,) in await session.execute(text("SELECT withdrawal_hash FROM responses"))
        }
    for family in deployment.finished:
        assert family.withdrawal_code is not None
        assert keys.withdrawal_hash(secret, family.withdrawal_code) in hashes


async def test_the_report_counts_hold_nothing_finer_than_the_responses(
    deployment: Deployment,
) -> None:
    """``day_counts`` (written by the release, beside the responses) keeps a day and the
    columns the responses group by, and counts: no agency, no team, no time, no id."""
    database = deployment.database
    async with database.read() as session:
        if database.dialect == "postgresql":
            rows = await session.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = 'day_counts'"
                )
            )
        else:
            rows = await session.execute(
                text("SELECT name, type FROM pragma_table_info('day_counts')")
            )
        columns = {str(name): str(kind).lower() for name, kind in rows}
        counted = await session.scalar(text("SELECT sum(n) FROM day_counts"))
    assert set(columns) == {
        "day", "survey_id", "indicator", "audience", "touchpoint", "n", "positive"
    }  # fmt: skip
    assert "date" in columns["day"] and "time" not in columns["day"]
    assert counted, "the journeys' released answers are counted"
