"""``betteroff report`` as a person runs it: every format to a file, and bad input of
every kind answered with a sentence and exit status 1, never a traceback."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from bot.cli import app
from bot.settings import get_settings
from storage.database import Database

from .seed import Given, add_responses

SECRET = "report-cli-secret-long-enough-0123456789"
STORY = '=HYPERLINK("http://example.invalid/x","<script>alert(1)</script> click")'


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'report.db'}"
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", url)
    monkeypatch.setenv("BETTEROFF_SECRET", SECRET)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _report(*args: str) -> Result:
    return CliRunner().invoke(app, ["report", *args])


def _refused(result: Result, words: str) -> None:
    """Exit 1 with a sentence that says ``words``, and nothing like a traceback."""
    assert result.exit_code == 1, result.output
    assert words in result.stderr
    assert "Traceback" not in result.output and "Error:" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _seed(url: str) -> None:
    given = [
        Given(
            "parent-carer-review", "parent_carer", "review", date(2026, 8, 3),
            [("listened", "felt-listened-to", "agree" if i < 9 else "disagree", True, i < 9)],
            story=STORY if i == 0 else ("Waiting for approval." if i == 1 else None),
            story_status="pending" if i == 1 else "approved",
        )
        for i in range(12)
    ]  # fmt: skip

    async def work() -> None:
        db = Database(url, secret=SECRET)
        try:
            await db.upgrade()
            async with db.write() as session:
                await add_responses(session, given)
        finally:
            await db.dispose()

    asyncio.run(work())


def test_every_format_is_written_and_the_markup_story_is_inert_in_each(
    cli_env: str, tmp_path: Path
) -> None:
    _seed(cli_env)
    for suffix in ("html", "md", "csv", "xlsx", "json"):
        result = _report("--period", "2026-Q3", "--out", str(tmp_path / f"q3.{suffix}"))
        assert result.exit_code == 0, result.output
        assert "Report for 1 Jul – 30 Sep 2026 written" in result.stderr
    html = (tmp_path / "q3.html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    markdown = (tmp_path / "q3.md").read_text()
    assert "<script" not in markdown and "&lt;script&gt;" in markdown
    assert "\n=HYPERLINK" not in markdown  # quoted, never a line of its own
    rows = list(csv.reader(io.StringIO((tmp_path / "q3.csv").read_text())))
    assert len(rows) > 1
    assert not [c for row in rows for c in row if c.startswith(FORMULA) and not _number(c)]
    document = json.loads((tmp_path / "q3.json").read_text())
    assert "<" not in (tmp_path / "q3.json").read_text()
    assert [s["text"] for s in document["stories"]] == [STORY]  # pending left out
    book = load_workbook(tmp_path / "q3.xlsx")
    cells = [c for row in book["stories"].iter_rows(min_row=2) for c in row]
    story = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert story.data_type == "s" and str(story.value).startswith("'=")
    formulas = [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_include_pending_shows_pending_stories_marked(cli_env: str, tmp_path: Path) -> None:
    _seed(cli_env)
    result = _report("--period", "2026-Q3", "--format", "json", "--include-pending", "--out", "-")
    assert result.exit_code == 0, result.output
    stories = json.loads(result.stdout)["stories"]
    assert {(s["text"], s["pending"]) for s in stories} == {
        (STORY, False),
        ("Waiting for approval.", True),
    }


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--period", "2026-Q5"], "Write a calendar quarter as YYYY-Qn"),
        (["--period", "0001-Q1"], "starts too early"),
        (["--from", "0001-01-01", "--to", "9999-12-31"], "starts too early"),
        (["--from", "2026-07-01"], "Give both --from and --to"),
        (["--from", "2026-07-10", "--to", "2026-07-01"], "Swap --from and --to"),
        (["--from", "2026-02-30", "--to", "2026-03-31"], "is not a date"),
        (["--period", "2026-Q3", "--from", "2026-07-01"], "not both"),
        (["--format", "xlsx", "--out", "-"], "cannot go to the terminal"),
        (["--out", "report.docx"], "Cannot tell the format from report.docx"),
        (["--format", "pdf", "--out", "-"], "A PDF cannot go to the terminal"),
        (["--out", "no-such-folder/q3.html"], "does not exist"),
        (["--out", "."], "is a folder"),
    ],
)
def test_bad_options_get_a_sentence(cli_env: str, arguments: list[str], words: str) -> None:
    _seed(cli_env)
    _refused(_report(*arguments), words)


def test_a_pdf_without_chromium_names_the_package_to_install(
    cli_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(cli_env)
    monkeypatch.setenv("BETTEROFF_CHROMIUM", str(tmp_path / "no-chromium-here"))
    result = _report("--period", "2026-Q3", "--out", str(tmp_path / "q3.pdf"))
    _refused(result, "apt-get install -y chromium")
    assert not (tmp_path / "q3.pdf").exists()


def test_without_out_the_report_is_a_file_here_and_says_where(
    cli_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: with no --out it printed 325 KB of HTML into the terminal."""
    _seed(cli_env)
    monkeypatch.chdir(tmp_path)
    result = _report("--period", "2026-Q3")
    assert result.exit_code == 0, result.output
    written = tmp_path / "report-2026-Q3.html"
    assert result.stdout == "" and written.read_text(encoding="utf-8").startswith("<!")
    assert str(written) in " ".join(result.stderr.split()).replace("\n", "")
    result = _report("--period", "2026-Q3", "--format", "csv")
    assert result.exit_code == 0 and (tmp_path / "report-2026-Q3.csv").exists()


@pytest.mark.parametrize(
    ("period", "advice"),
    [("2026-Q2", "Try a later period"), ("2026-Q4", "Try an earlier period")],
)
def test_an_empty_period_points_the_right_way(cli_env: str, period: str, advice: str) -> None:
    """Issue 19: "Try an earlier period" was said even when the answers were later."""
    _seed(cli_env)  # answers on 3 Aug 2026
    result = _report("--period", period, "--out", "-", "--format", "csv")
    assert result.exit_code == 0, result.output
    words = " ".join(result.stderr.split())
    assert advice in words and "August 2026" in words, words


def test_a_database_without_tables_says_to_upgrade(cli_env: str) -> None:
    _refused(_report("--period", "2026-Q3"), "betteroff db upgrade")


def test_an_empty_database_reports_that_it_is_empty(cli_env: str) -> None:
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    result = _report("--period", "2026-Q3", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "holds no responses yet" in result.stderr


def test_a_database_address_that_is_not_one(cli_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", "not a database address")
    get_settings.cache_clear()
    _refused(_report("--period", "2026-Q3"), "BETTEROFF_DATABASE_URL is not a database address")
    _refused(CliRunner().invoke(app, ["db", "upgrade"]), "BETTEROFF_DATABASE_URL is not")


def test_a_bad_setting_is_named(cli_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BETTEROFF_MIN_RESPONSES", "0")
    get_settings.cache_clear()
    _refused(_report("--period", "2026-Q3"), "BETTEROFF_MIN_RESPONSES:")
    _refused(CliRunner().invoke(app, ["purge", "--dry-run"]), "BETTEROFF_MIN_RESPONSES:")
