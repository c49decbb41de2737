"""The first steps a new user takes after the README's two commands (issue 19).

Each test runs the command line as a person would, in a fresh folder with a fresh `.env`,
and asserts what they see: a sentence saying what to do, never a traceback.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings, get_settings

REPO = Path(__file__).resolve().parents[2]
GOOD_SECRET = "first-steps-secret-0123456789-abcdefghij"
OTHER_SECRET = "another-secret-entirely-9876543210-zyxwvu"
MAKE_ONE = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def _run(*args: str) -> tuple[int, str]:
    get_settings.cache_clear()
    result = CliRunner().invoke(app, list(args))
    get_settings.cache_clear()
    output = result.stdout + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += f"\nTraceback: {result.exception!r}"
    return result.exit_code, output


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty folder as the working directory, with no BETTEROFF_ setting inherited."""
    for name in list(os.environ):
        if name.startswith("BETTEROFF_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def configured(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BETTEROFF_SECRET", GOOD_SECRET)
    monkeypatch.setenv("BETTEROFF_BOT_USERNAME", "BetterOffBot")
    return fresh


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Path:
    """A folder nobody may write in (as root, chmod is no bar: a folder of /sys then)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        (folder / "probe").write_text("x")
    except OSError:
        return folder
    (folder / "probe").unlink()
    folder.chmod(0o755)
    for candidate in (Path("/sys/kernel"), Path("/sys")):
        try:
            (candidate / "betteroff-probe").write_text("x")
        except OSError:
            return candidate
    pytest.skip("no folder here refuses writes (running as root with /sys writable)")


# --- BETTEROFF_ADMINS and .env.example ------------------------------------------------


def test_env_example_copied_as_it_is_with_only_a_token_lets_db_upgrade_run(fresh: Path) -> None:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    text = text.replace("BETTEROFF_TELEGRAM_TOKEN=\n", "BETTEROFF_TELEGRAM_TOKEN=123:abc\n")
    (fresh / ".env").write_text(text, encoding="utf-8")
    code, output = _run("db", "upgrade")
    assert code == 0, output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("written", "admins"),
    [
        ("123456789,987654321", [123456789, 987654321]),
        ("123456789, 987654321", [123456789, 987654321]),
        ("123456789", [123456789]),
        ("[1, 2]", [1, 2]),
        ("", []),
    ],
)
def test_admins_as_the_readme_writes_them(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, written: str, admins: list[int]
) -> None:
    monkeypatch.setenv("BETTEROFF_ADMINS", written)
    assert Settings().admins == admins
    (fresh / ".env").write_text(f"BETTEROFF_ADMINS={written}\n", encoding="utf-8")
    monkeypatch.delenv("BETTEROFF_ADMINS")
    assert Settings().admins == admins


def test_admins_that_are_not_numbers_are_named(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BETTEROFF_ADMINS", "123,@alice")
    code, output = _run("db", "upgrade")
    assert code == 1 and "BETTEROFF_ADMINS" in output and "Traceback" not in output


# --- BETTEROFF_SECRET -----------------------------------------------------------------


@pytest.mark.parametrize("secret", [None, "", "change-me-in-production", "short-but-not-32"])
@pytest.mark.parametrize(
    "command",
    [
        ["staff", "join-code", "--agency", "POL"],
        ["report", "--period", "2026-Q3", "--format", "csv", "--out", "r.csv"],
        ["export", "answers", "--out", "a.csv"],
    ],
)
def test_commands_writing_keyed_hashes_refuse_a_weak_secret(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, secret: str | None, command: list[str]
) -> None:
    if secret is not None:
        monkeypatch.setenv("BETTEROFF_SECRET", secret)
    assert _run("db", "upgrade")[0] == 0
    code, output = _run(*command)
    assert code == 1, output
    assert "BETTEROFF_SECRET" in output and MAKE_ONE in " ".join(output.split())
    assert "Traceback" not in output


def test_run_refuses_a_weak_secret_before_anything_else(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BETTEROFF_TELEGRAM_TOKEN", "123:abc")
    monkeypatch.setenv("BETTEROFF_TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")
    monkeypatch.setenv("BETTEROFF_SECRET", "tooshort")
    code, output = _run("run")
    assert code == 1 and "BETTEROFF_SECRET" in output and "32" in output


def test_changing_the_secret_on_a_database_with_data_is_refused(
    configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run("db", "upgrade")[0] == 0
    assert _run("agency", "add", "POL", "Police")[0] == 0
    code, output = _run("staff", "join-code", "--agency", "POL")
    assert code == 0, output
    monkeypatch.setenv("BETTEROFF_SECRET", OTHER_SECRET)
    code, output = _run("staff", "join-code", "--agency", "POL")
    assert code == 1, output
    words = " ".join(output.split())
    assert "BETTEROFF_SECRET" in words and "changed" in words and "stop matching" in words
    # The same secret again works: nothing was changed by the refusal.
    monkeypatch.setenv("BETTEROFF_SECRET", GOOD_SECRET)
    assert _run("staff", "join-code", "--agency", "POL")[0] == 0
    # Only a keyed fingerprint is kept, never the secret.
    data = b"".join(p.read_bytes() for p in configured.glob("betteroff.db*"))
    assert GOOD_SECRET.encode() not in data


def test_an_audit_entry_is_keyed_data_too(
    configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run("db", "upgrade")[0] == 0
    code, output = _run("report", "--period", "2026-Q3", "--out", "r.csv")
    assert code == 0, output
    # A report leaves an audit entry, keyed by the secret: a new secret is refused.
    monkeypatch.setenv("BETTEROFF_SECRET", OTHER_SECRET)
    code, output = _run("report", "--period", "2026-Q3", "--out", "r.csv")
    assert code == 1 and "changed" in output


# --- database addresses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("sqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("sqlite+aiosqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
    ],
)
def test_database_urls_without_the_async_driver_are_accepted(
    fresh: Path, monkeypatch: pytest.MonkeyPatch, given: str, used: str
) -> None:
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", given)
    assert Settings().database_url == used


def test_a_plain_sqlite_url_works_end_to_end(
    configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", f"sqlite:///{configured / 'plain.db'}")
    assert _run("db", "upgrade")[0] == 0
    assert _run("admin", "add", "123")[0] == 0


def test_a_database_folder_that_does_not_exist_is_named(
    configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", "sqlite+aiosqlite:///./data/betteroff.db")
    code, output = _run("db", "upgrade")
    assert code == 1 and "Traceback" not in output
    assert str(configured / "data") in " ".join(output.split()).replace(" ", "") or (
        "data" in output and "does not exist" in output
    )
    assert not (configured / "data").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["purge", "--dry-run"],
        ["purge"],
        ["export", "answers"],
        ["report", "--period", "2026-Q3", "--out", "r.html"],
        ["admin", "add", "123"],
        ["agency", "list"],
        ["staff", "join-code", "--agency", "POL"],
    ],
)
def test_commands_on_a_database_not_made_yet_leave_no_file(
    configured: Path, command: list[str]
) -> None:
    code, output = _run(*command)
    assert code == 1 and "betteroff db upgrade" in output, output
    assert list(configured.glob("betteroff.db*")) == []


# --- files the commands write ----------------------------------------------------------


def test_export_to_a_missing_folder_says_so(configured: Path) -> None:
    assert _run("db", "upgrade")[0] == 0
    code, output = _run("export", "answers", "--out", "nowhere/answers.csv")
    assert code == 1 and "nowhere" in output and "does not exist" in output, output


def test_export_to_a_read_only_folder_says_so(configured: Path, read_only_folder: Path) -> None:
    assert _run("db", "upgrade")[0] == 0
    code, output = _run("export", "answers", "--out", str(read_only_folder / "a.csv"))
    assert code == 1 and "Traceback" not in output and "--out" in output, output


def test_qr_into_a_read_only_folder_writes_no_invite(
    configured: Path, read_only_folder: Path
) -> None:
    assert _run("db", "upgrade")[0] == 0
    assert _run("agency", "add", "CSC", "Children's social care")[0] == 0
    code, output = _run(
        "invite", "create", "--survey", "parent-carer-review", "--agency", "CSC",
        "--qr", str(read_only_folder / "qr"),
    )  # fmt: skip
    assert code == 1 and "Traceback" not in output and "--qr" in output, output
    with sqlite3.connect(configured / "betteroff.db") as connection:
        assert connection.execute("SELECT count(*) FROM invites").fetchone() == (0,)


# --- small things a new user hit --------------------------------------------------------


def test_db_upgrade_says_what_it_did(configured: Path) -> None:
    code, output = _run("db", "upgrade")
    assert code == 0 and "Created the tables" in output, output
    code, output = _run("db", "upgrade")
    assert code == 0 and "already up to date" in output and "Created" not in output


def test_invites_and_join_codes_say_until_when(configured: Path) -> None:
    assert _run("db", "upgrade")[0] == 0
    assert _run("agency", "add", "CSC", "Children's social care")[0] == 0
    code, output = _run(
        "invite", "create", "--survey", "child-review", "--agency", "CSC", "--expires", "1"
    )
    assert code == 0, output
    assert "1 days" not in output and re.search(r"valid until \d+ \w+ \d{4} \(1 day\)", output)
    code, output = _run("staff", "join-code", "--agency", "CSC")
    assert code == 0 and re.search(r"until \d+ \w+ \d{4} \(30 days\)", output), output
    with sqlite3.connect(configured / "betteroff.db") as connection:
        created, expires = connection.execute(
            "SELECT created_at, expires_at FROM join_codes"
        ).fetchone()
    assert expires is not None
    gap = datetime.fromisoformat(expires) - datetime.fromisoformat(created)
    assert gap == timedelta(days=30)


def test_agencies_are_listed_and_renamed(configured: Path) -> None:
    assert _run("db", "upgrade")[0] == 0
    assert "No agencies" in _run("agency", "list")[1]
    assert _run("agency", "add", "POL", "Police")[0] == 0
    code, output = _run("agency", "add", "POL", "West Midlands Police")
    assert code == 0 and "Renamed" in output
    code, output = _run("agency", "list")
    assert code == 0 and "POL" in output and "West Midlands Police" in output


def test_the_demo_database_takes_any_secret_for_a_report(fresh: Path) -> None:
    """The README's "look again" line after `betteroff demo` sets no secret at all."""
    import asyncio
    from datetime import UTC

    from storage.database import Database
    from storage.deployment import mark_demo

    async def make() -> None:
        db = Database(f"sqlite+aiosqlite:///{fresh / 'demo.db'}", secret="random-demo-secret")
        try:
            await db.upgrade()
            async with db.write() as session:
                await mark_demo(session=session, secret=db.secret, now=datetime.now(UTC))
        finally:
            await db.dispose()

    asyncio.run(make())
    os.environ["BETTEROFF_DATABASE_URL"] = f"sqlite+aiosqlite:///{fresh / 'demo.db'}"
    try:
        code, output = _run("report", "--period", "2026-Q4")
    finally:
        del os.environ["BETTEROFF_DATABASE_URL"]
    assert code == 0, output
    assert (fresh / "report-2026-Q4.html").exists()
