"""``betteroff demo``: the whole loop offline, as a user runs it, and what it says when it breaks.

The full run goes through the command line (typer), a real bot process and the emulator,
with the per-chat pacing shortened so the test takes seconds; the database it leaves is
then read directly, as ``betteroff report`` would read it.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from analytics.periods import quarter_containing
from bot.cli import app
from bot.demo import DemoFailure, DemoOptions, run_demo
from bot.demo.people import QUARTERS, cast
from bot.demo.texts import PERSONAL, every_sample
from bot.emulator import Emulator
from storage.redaction import redact
from surveys.safeguarding import check

FAST = "0.05"  # seconds between two messages to one chat, instead of Telegram's 1


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(
        app,
        ["demo", "--respondents", "80", "--seed", "7", "--out", str(out), "--chat-interval", FAST],
    )
    assert result.exit_code == 0, result.output
    yield out, result.output


def _one(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(sql).fetchone()[0])


def test_demo_writes_the_reports_and_says_where(demo_run: tuple[Path, str]) -> None:
    out, output = demo_run
    for name in ("report.html", "report.md", "report.xlsx", "betteroff.db"):
        assert (out / name).stat().st_size > 0, name
        assert name in output
    assert f"BETTEROFF_DATABASE_URL=sqlite+aiosqlite:///{(out / 'betteroff.db').resolve()}" in (
        output.replace("\n", "")
    )
    markdown = (out / "report.md").read_text(encoding="utf-8")
    # At least one statement made it past the suppression threshold, with its figure.
    assert re.search(r"\d+% of [a-z ]+ said they ", markdown)
    assert "Finished in" in output


def test_demo_database_holds_what_was_driven(demo_run: tuple[Path, str]) -> None:
    out, output = demo_run
    database = out / "betteroff.db"
    responses = _one(database, "SELECT count(*) FROM responses")
    assert f"{responses} responses stored" in output
    # 80 people; staff take the pulse in both quarters, a few give up or withdraw.
    assert 60 < responses < 90
    assert _one(database, "SELECT count(*) FROM responses WHERE flagged") >= 2
    assert _one(database, "SELECT count(*) FROM story_reviews WHERE status = 'approved'") >= 1
    assert _one(database, "SELECT count(*) FROM story_reviews WHERE status = 'pending'") == 0


def test_demo_answers_fall_in_this_quarter_and_the_one_before(demo_run: tuple[Path, str]) -> None:
    out, _ = demo_run
    today = datetime.now(ZoneInfo("Europe/London")).date()  # the demo's clock
    current = quarter_containing(today)
    previous = current.previous()
    with sqlite3.connect(out / "betteroff.db") as connection:
        days = [date.fromisoformat(d) for (d,) in connection.execute(
            "SELECT completed_on FROM responses"
        )]  # fmt: skip
    in_previous = sum(previous.start <= d <= previous.end for d in days)
    in_current = sum(current.start <= d <= today for d in days)
    assert in_previous + in_current == len(days)
    assert in_previous >= 20 and in_current >= 20


def test_no_personal_detail_reaches_the_disk(demo_run: tuple[Path, str]) -> None:
    out, _ = demo_run
    stored = b"".join(path.read_bytes() for path in out.glob("betteroff.db*"))
    for words in (w for samples in PERSONAL.values() for w in samples):
        for detail in words.planted:
            assert detail.encode() not in stored, detail


def test_demo_refuses_to_overwrite_a_database(tmp_path: Path) -> None:
    (tmp_path / "betteroff.db").write_bytes(b"not mine to delete")
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "betteroff.db").read_bytes() == b"not mine to delete"


async def test_demo_says_what_broke_when_telegram_fails(tmp_path: Path) -> None:
    def break_telegram(emulator: Emulator) -> None:
        emulator.fail_next("sendMessage", 500, count=10**6, description="Internal Server Error")

    # Long enough for the bot to give up retrying (bot.retry) and log the error.
    options = DemoOptions(respondents=20, out=tmp_path, chat_interval=0.05, step_timeout=6)
    with pytest.raises(DemoFailure) as failure:
        await run_demo(options, tweak_emulator=break_telegram)
    sentence = str(failure.value)
    assert sentence.startswith("The bot never sent ")
    # The bot's log names the kind of error (never its message, which may quote people).
    assert "The bot logged: Handling update" in sentence and "NetworkError" in sentence
    assert "\n" not in sentence


# --- the synthetic people and their words ------------------------------------------------


def test_free_text_samples_do_what_they_are_for() -> None:
    for words in every_sample():
        assert bool(check(words.text)) == words.risk, words.text
        redacted = redact(words.text)
        for detail in words.planted:
            assert detail not in redacted, (detail, redacted)
        if not words.planted:
            assert redacted == words.text  # nothing personal: left exactly as typed


def test_the_cast_is_the_same_for_the_same_seed() -> None:
    first = cast(120, random.Random(5))
    again = cast(120, random.Random(5))
    assert [(j.survey_id, j.agency, j.language, j.words) for j in first.journeys] == [
        (j.survey_id, j.agency, j.language, j.words) for j in again.journeys
    ]
    for quarter in QUARTERS:
        journeys = first.of(quarter)
        assert any(j.words is not None and j.words.risk for j in journeys)
        assert {j.audience for j in journeys} == {
            "parent_carer", "child", "young_person", "practitioner",
        }  # fmt: skip
    staff = {m.user_id for m in first.pulse_staff}
    assert sum(j.route == "pulse" for j in first.journeys) == 2 * len(staff)
