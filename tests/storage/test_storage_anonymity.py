"""After a survey completes, nothing in the database leads back to who answered.

These tests read the database itself — every table, and on SQLite the file's bytes with
its WAL — rather than trusting the query functions.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from storage_sample import RAW_DETAILS, answer_all, finish, start

from storage import keys
from storage.database import Database
from storage.models import Base
from tests.released import released_id

CHAT_ID = 7_001_234_567
USER_ID = CHAT_ID  # in a private chat Telegram's user id and chat id are the same number
USERNAME = "sunny_day_2011"
FIRST_NAME = "Tallulah"


async def _complete_one(db: Database) -> str:
    key = await start(db, CHAT_ID)
    await answer_all(db, key)
    receipt = await finish(db, key)
    assert receipt is not None
    return await released_id(db, receipt.withdrawal_code)


def _traces_of_the_person(secret: str) -> set[str]:
    """The respondent's identifiers and every hash of them this code base could make."""
    identifiers = [str(CHAT_ID), USERNAME, FIRST_NAME]
    traces = set(identifiers)
    for value in identifiers:
        traces.add(hashlib.sha256(value.encode()).hexdigest())
        traces.add(hashlib.md5(value.encode()).hexdigest())
        for purpose in ("chat", "reviewer", "auditor", "seal", "withdraw", "join"):
            traces.add(keys.keyed_hash(secret, purpose, value))
    traces.add(keys.seal_chat_id(secret, CHAT_ID))
    return traces


async def _every_cell(db: Database) -> list[str]:
    cells: list[str] = []
    async with db.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(select(table)):
                cells.extend(str(value) for value in row if value is not None)
    return cells


async def test_no_table_holds_the_respondent_or_a_hash_of_them(
    database: Database, secret: str
) -> None:
    await _complete_one(database)
    cells = await _every_cell(database)
    assert cells, "the response should be there"
    for trace in _traces_of_the_person(secret):
        assert not [cell for cell in cells if trace in cell], trace
    for detail in RAW_DETAILS.values():
        assert not [cell for cell in cells if detail in cell], detail


async def test_the_session_row_is_gone_and_only_a_date_is_kept(database: Database) -> None:
    await _complete_one(database)
    async with database.read() as session:
        sessions = await session.scalar(text("SELECT count(*) FROM survey_sessions"))
        stored = await session.scalar(text("SELECT completed_on FROM responses"))
        if database.dialect == "postgresql":
            column_type = await session.scalar(
                text(
                    "SELECT data_type FROM information_schema.columns WHERE table_name = "
                    "'responses' AND column_name = 'completed_on' "
                    "AND table_schema = current_schema()"
                )
            )
            assert column_type == "date"
    assert sessions == 0
    assert str(stored) == "2026-03-14"  # the day, and no time of it


async def test_nothing_stored_shows_the_order_responses_arrived_in(database: Database) -> None:
    """Completed one after another on one day: neither ids nor rows keep that order.

    The date is all a response keeps of when it was given. A key that counts up would
    say which of the day's responses came first, so answer ids are random and, on SQLite,
    responses have no rowid and are stored in the order of their random ids.
    """
    codes = []
    for n in range(20):
        key = await start(database, CHAT_ID + n)
        await answer_all(database, key)
        receipt = await finish(database, key)
        assert receipt is not None
        codes.append(receipt.withdrawal_code)
    arrived = [await released_id(database, code) for code in codes]  # released a day later
    async with database.read() as session:
        by_answer_id = [
            response_id
            for (response_id,) in await session.execute(
                text("SELECT response_id FROM answers ORDER BY id")
            )
        ]
        stored = [row[0] for row in await session.execute(text("SELECT id FROM responses"))]
    first_seen = list(dict.fromkeys(by_answer_id))
    assert sorted(first_seen) == sorted(arrived)
    # Twenty responses fall in their order of arrival by chance once in 20! (2.4e18).
    assert first_seen != arrived
    async with database.read() as session:
        ids = list(await session.execute(text("SELECT response_id, id, position FROM answers")))
    prefixes: dict[str, set[int]] = {}
    for response_id, answer_id, position in ids:
        assert answer_id & (1 << keys.POSITION_BITS) - 1 == position
        prefixes.setdefault(response_id, set()).add(answer_id >> keys.POSITION_BITS)
    # One random prefix per response, so a response's answers are stored side by side.
    assert all(len(shared) == 1 for shared in prefixes.values())
    assert len({next(iter(shared)) for shared in prefixes.values()}) == len(arrived)
    if database.dialect == "sqlite":
        # Read in storage order (no ORDER BY): the primary key's, random, not arrival.
        assert stored == sorted(arrived)
        async with database.read() as session:
            with pytest.raises(Exception, match="rowid"):
                await session.execute(text("SELECT rowid FROM responses"))


def _database_files(url: str) -> list[Path]:
    path = Path(make_url(url).database or "")
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def _found_in_bytes(url: str, needles: list[str]) -> list[str]:
    found = []
    for path in _database_files(url):
        data = path.read_bytes()
        for needle in needles:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                if needle.encode(encoding) in data:
                    found.append(f"{needle!r} in {path.name}")
    return found


async def test_raw_free_text_is_nowhere_in_the_files_wal_included(
    sqlite_url: str, secret: str
) -> None:
    db = Database(sqlite_url, secret=secret)
    await db.upgrade()
    try:
        await _complete_one(db)
        files = {p.name[len("betteroff.db") :] for p in _database_files(sqlite_url)}
        assert "-wal" in files  # read while the WAL still holds the recent writes
        assert _found_in_bytes(sqlite_url, list(RAW_DETAILS.values())) == []
    finally:
        await db.dispose()
    assert _found_in_bytes(sqlite_url, list(RAW_DETAILS.values())) == []
    path = make_url(sqlite_url).database or ""
    with sqlite3.connect(path) as connection:
        kind = connection.execute("SELECT typeof(completed_on) FROM responses").fetchone()
    assert kind == ("text",)
