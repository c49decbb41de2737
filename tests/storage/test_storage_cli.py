"""The storage commands, run as a person would run them (on SQLite files)."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from storage_sample import NOW, STATES, SURVEY, TODAY, completed
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import get_settings
from storage.database import Database
from storage.models import AuditEntry, Invite
from storage.responses import complete_survey
from storage.sessions import start_session
from tests.released import release_all

SECRET = "cli-test-secret-long-enough-0123456789"
LINK = re.compile(r"^https://t\.me/BetterOffBot\?start=[A-Za-z0-9_-]{22,64}$")


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", url)
    monkeypatch.setenv("BETTEROFF_SECRET", SECRET)
    monkeypatch.setenv("BETTEROFF_BOT_USERNAME", "BetterOffBot")
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _in_database(url: str, work):  # type: ignore[no-untyped-def]
    async def run():  # type: ignore[no-untyped-def]
        db = Database(url, secret=SECRET)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def test_every_command_says_what_it_does_with_an_example() -> None:
    for command in (
        ["db", "upgrade"],
        ["purge"],
        ["export", "answers"],
        ["invite", "create"],
        ["staff", "join-code"],
        ["admin", "add"],
    ):
        code, out, _ = _run(*command, "--help")
        words = " ".join(out.replace("│", " ").split())
        assert code == 0 and f"Example: betteroff {command[0]}" in words, command


def test_a_command_before_db_upgrade_says_what_to_do(cli_database: str) -> None:
    code, _, err = _run("admin", "add", "123")
    assert code == 1 and "betteroff db upgrade" in err


def test_invites_print_one_link_per_line_and_store_only_hashes(
    cli_database: str, tmp_path: Path
) -> None:
    assert _run("db", "upgrade")[0] == 0
    assert _run("agency", "add", "CSC", "Children's social care")[0] == 0
    code, out, err = _run(
        "invite",
        "create",
        "--survey",
        "parent-carer-review",
        "--agency",
        "CSC",
        "--team",
        "north",
        "--count",
        "3",
        "--uses",
        "2",
        "--qr",
        str(tmp_path / "qr"),
    )
    assert code == 0, err
    links = out.splitlines()
    assert len(links) == 3 and all(LINK.match(link) for link in links), links
    assert len(list((tmp_path / "qr").glob("*.png"))) == 3

    async def invites(db: Database) -> list[Invite]:
        async with db.read() as session:
            return list(await session.scalars(select(Invite)))

    stored = _in_database(cli_database, invites)
    tokens = {link.split("start=")[1] for link in links}
    assert {i.uses_left for i in stored} == {2}
    assert not tokens & {i.token_hash for i in stored}


def test_an_unknown_survey_gets_a_suggestion(cli_database: str) -> None:
    code, out, err = _run("invite", "create", "--survey", "parent-carer-reveiw", "--agency", "CSC")
    assert code == 1 and out == ""
    assert "Did you mean parent-carer-review?" in err


def _respond_released(url: str, **options: str) -> None:
    """Complete the sample survey (``options`` go to ``completed``) and release it."""

    async def respond(db: Database) -> None:
        async with db.write() as session:
            await start_session(
                session=session,
                chat_key="k",
                survey=SURVEY,
                language="en",
                state=STATES[0],
                now=NOW,
            )
            await complete_survey(
                session=session,
                chat_key="k",
                completed=completed(**options),
                today=TODAY,
                secret=SECRET,
            )
        await release_all(db)  # a day later

    _in_database(url, respond)


def test_export_is_audited_and_gives_months(cli_database: str, tmp_path: Path) -> None:
    assert _run("db", "upgrade")[0] == 0

    _respond_released(cli_database)
    code, out, err = _run("export", "answers")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["completed_on"] for row in rows} == {"2026-03"}
    code, _, err = _run("export", "answers", "--out", str(tmp_path / "a.xlsx"), "--precise-dates")
    assert code == 0, err
    assert (tmp_path / "a.xlsx").stat().st_size > 0

    async def audit(db: Database) -> list[str | None]:
        async with db.read() as session:
            return list(await session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id)))

    assert _in_database(cli_database, audit) == ["answers csv", "answers xlsx precise-dates"]


def test_join_codes_admins_and_purge(cli_database: str) -> None:
    assert _run("db", "upgrade")[0] == 0
    assert _run("agency", "add", "POL", "Police")[0] == 0
    code, out, _ = _run("staff", "join-code", "--agency", "POL", "--team", "mash")
    assert code == 0 and re.fullmatch(r"[A-Z2-9]{8}\n", out)
    assert "is now an admin" in _run("admin", "add", "123456789")[2]
    assert "was already an admin" in _run("admin", "add", "123456789")[2]
    code, _, err = _run("purge", "--dry-run")
    assert code == 0 and "would be deleted" in err


def test_purge_periods_come_from_the_settings(
    cli_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line, whatever the terminal
    assert _run("db", "upgrade")[0] == 0
    now = datetime.now(UTC)

    async def seed(db: Database) -> None:
        async with db.write() as session:
            for key, when in (
                ("done", now - timedelta(days=10)),
                ("idle", now - timedelta(days=3)),
            ):
                await start_session(
                    session=session,
                    chat_key=key,
                    survey=SURVEY,
                    language="en",
                    state=STATES[0],
                    now=when,
                )
            await complete_survey(
                session=session,
                chat_key="done",
                completed=completed(),
                today=(now - timedelta(days=10)).date(),
                secret=SECRET,
            )
        await release_all(db)  # the purges since then released it

    _in_database(cli_database, seed)

    def counts() -> list[str]:
        code, _, err = _run("purge", "--dry-run")
        assert code == 0, err
        return re.findall(r"│ (surveys abandoned over .*?|responses older than .*?) +│ +(\d+)", err)

    assert counts() == [
        ("surveys abandoned over 7 days", "0"),
        ("responses older than 1095 days", "0"),
    ]
    monkeypatch.setenv("BETTEROFF_ABANDON_AFTER_DAYS", "2")
    monkeypatch.setenv("BETTEROFF_RETENTION_DAYS", "5")
    get_settings.cache_clear()
    assert counts() == [
        ("surveys abandoned over 2 days", "1"),
        ("responses older than 5 days", "1"),
    ]


#: A carriage return starts a new row in Excel and LibreOffice when the cell is unquoted, and
#: the formula after it runs: OWASP's "CSV injection" through a line break.
FORMULA_AFTER_BREAK = "fine thanks\r=1+2+cmd|' /C calc'!A0"
FORMULA_ON_SECOND_LINE = "all good\n-2+3+cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _lines_of(cell: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", cell)


@pytest.mark.parametrize("story", [FORMULA_AFTER_BREAK, FORMULA_ON_SECOND_LINE])
def test_a_line_break_cannot_smuggle_a_formula_into_the_export(
    cli_database: str, tmp_path: Path, story: str
) -> None:
    from openpyxl import load_workbook

    assert _run("db", "upgrade")[0] == 0

    _respond_released(cli_database, story=story)
    code, out, err = _run("export", "answers", "--format", "csv")
    assert code == 0, err
    # Read back as a spreadsheet would: every row has the header's cells, the story stays one
    # cell, and no line inside any cell starts like a formula.
    rows = list(csv.reader(io.StringIO(out, newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body), body
    assert len(body) == len(completed().answers)
    texts = [row[header.index("text")] for row in body]
    assert any("calc" in text for text in texts)
    for row in body:
        for cell in row:
            assert not any(line.startswith(FORMULA_STARTS) for line in _lines_of(cell)), cell

    xlsx = tmp_path / "answers.xlsx"
    code, _, err = _run("export", "answers", "--out", str(xlsx))
    assert code == 0, err
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    for c in cells:
        if isinstance(c.value, str):
            assert not any(line.startswith(FORMULA_STARTS) for line in _lines_of(c.value)), c.value
