"""After a survey completes, nothing in the database leads back to who answered.

These tests read the database itself — every table, and on SQLite the file's bytes with
its WAL — rather than trusting the query functions.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from storage_sample import RAW_DETAILS, answer_all, finish, start

from storage import keys
from storage.database import Database
from storage.models import Base

CHAT_ID = 7_001_234_567
USER_ID = CHAT_ID  # in a private chat Telegram's user id and chat id are the same number
USERNAME = "sunny_day_2011"
FIRST_NAME = "Tallulah"


async def _complete_one(db: Database) -> str:
    key = await start(db, CHAT_ID)
    await answer_all(db, key)
    receipt = await finish(db, key)
    assert receipt is not None
    return receipt.response_id


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
