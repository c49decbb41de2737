"""Refusals honoured: words whose author said "keep it private" stay out of what leaves.

``betteroff export answers`` and every report leave them out; ``--include-private`` gives
them to an admin who needs them, and the audit log says so.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import get_settings
from storage.database import Database
from storage.models import AuditEntry
from storage.responses import complete_survey
from storage.sessions import start_session
from tests.released import release_all

sys.path.insert(0, str(Path(__file__).parent.parent / "storage"))
from storage_sample import NOW, STATES, SURVEY, TODAY, completed

SECRET = "privacy-cli-test-secret-of-some-length"
SHARED = "The tulip group on Tuesdays made a real difference"
PRIVATE = "Things at home with the boiler situation are hard"


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", url)
    monkeypatch.setenv("BETTEROFF_SECRET", SECRET)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _one_said(words: str, *, consent: bool):  # type: ignore[no-untyped-def]
    finished = completed(story=words)
    answers = tuple(
        dataclasses.replace(a, consent_to_quote=consent) if a.story else a for a in finished.answers
    )
    return dataclasses.replace(finished, answers=answers)


def _seed(url: str) -> None:
    async def work() -> None:
        db = Database(url, secret=SECRET)
        try:
            for n, (words, consent) in enumerate(((SHARED, True), (PRIVATE, False))):
                async with db.write() as session:
                    key = f"k{n}"
                    await start_session(
                        session=session, chat_key=key, survey=SURVEY, language="en",
                        state=STATES[0], now=NOW,
                    )  # fmt: skip
                    await complete_survey(
                        session=session, chat_key=key, completed=_one_said(words, consent=consent),
                        today=TODAY, secret=SECRET,
                    )  # fmt: skip
            await release_all(db)
        finally:
            await db.dispose()

    asyncio.run(work())


def _audit(url: str) -> list[str | None]:
    async def work() -> list[str | None]:
        db = Database(url, secret=SECRET)
        try:
            async with db.read() as session:
                return list(
                    await session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id))
                )
        finally:
            await db.dispose()

    return asyncio.run(work())


def test_export_leaves_out_words_their_author_kept_private(cli_database: str) -> None:
    assert _run("db", "upgrade")[0] == 0
    _seed(cli_database)
    code, out, err = _run("export", "answers")
    assert code == 0, err
    texts = [row["text"] for row in csv.DictReader(io.StringIO(out))]
    assert any("tulip" in t for t in texts)
    assert not any("boiler" in t for t in texts), "a refusal to share was ignored"
    assert len(texts) == 2 * len(completed().answers), "the private answer's row stays, text empty"

    code, out, err = _run("export", "answers", "--include-private")
    assert code == 0, err
    texts = [row["text"] for row in csv.DictReader(io.StringIO(out))]
    assert any("boiler" in t for t in texts)
    assert _audit(cli_database) == ["answers csv", "answers csv include-private"]


def test_reports_leave_out_words_their_author_kept_private(
    cli_database: str, tmp_path: Path
) -> None:
    assert _run("db", "upgrade")[0] == 0
    _seed(cli_database)
    written = tmp_path / "report.json"
    code, _, err = _run(
        "report", "--period", "2026-03", "--format", "json", "--include-pending", "--out",
        str(written),
    )  # fmt: skip
    assert code == 0, err
    out = written.read_text(encoding="utf-8")
    report = json.loads(out)
    assert "tulip" in out, "the shared story is there to be found"
    assert "boiler" not in json.dumps(report)
