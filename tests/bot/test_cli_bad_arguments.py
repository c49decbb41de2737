"""Every command of ``betteroff``, given bad arguments: never a traceback, exit status 1 or
2, and a message that says what to do (issue 19).

The table below must name every command the app has: a new command without bad-argument
cases fails :func:`test_every_command_is_covered`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import get_settings
from surveys import catalog

SECRET = "bad-arguments-secret-0123456789-abcdefghij"

#: (arguments, extra environment, words the message must hold: what to do)
CASES: list[tuple[list[str], dict[str, str], str]] = [
    (["run", "--port", "1"], {}, "--help"),
    (["run"], {"BETTEROFF_TELEGRAM_TOKEN": ""}, "@BotFather"),
    (["run"], {"BETTEROFF_TELEGRAM_TOKEN": "1:a", "BETTEROFF_SECRET": "x"}, "token_urlsafe"),
    (["demo", "--respondents", "many"], {}, "--help"),
    (["try", "--port", "many"], {}, "--help"),
    (["try", "--no-browser", "--db", "/nothere/try.db"], {}, "give --db a file in a folder"),
    (["demo", "--out", "/sys/betteroff-demo"], {}, "/sys/betteroff-demo"),
    (["purge", "--days", "3"], {}, "--help"),
    (["purge"], {"BETTEROFF_RETENTION_DAYS": "0"}, "BETTEROFF_RETENTION_DAYS"),
    (["report", "--period", "2026-Q9"], {}, "2026-Q3"),
    (["report", "--out", "nowhere/r.html"], {}, "does not exist"),
    (["report", "--format", "pdf2"], {}, "--help"),
    (["surveys", "validate", "nothere.yaml"], {}, "Check the path"),
    (["surveys", "list", "extra"], {}, "--help"),
    (["surveys", "list"], {"BETTEROFF_SURVEYS_DIR": "/nothere"}, "betteroff surveys init"),
    (["surveys", "preview", "parent-carer-reveiw"], {}, "Did you mean"),
    (["surveys", "preview", "parent-carer-review", "-l", "xx"], {}, "Its languages are"),
    (["surveys", "init"], {}, "--help"),
    (["surveys", "init", "existing"], {}, "Choose a new folder"),
    (["db", "upgrade", "now"], {}, "--help"),
    (["db", "upgrade"], {"BETTEROFF_DATABASE_URL": "mysql://x/y"}, "postgresql+asyncpg://"),
    (["db", "upgrade"], {"BETTEROFF_DATABASE_URL": "sqlite:///./no/dir/x.db"}, "mkdir -p"),
    (["db", "upgrade"], {"BETTEROFF_ADMINS": "alice"}, "123456789,987654321"),
    (["export", "answers", "--format", "pdf"], {}, "--help"),
    (["export", "answers", "--format", "xlsx"], {}, "--out FILE.xlsx"),
    (["export", "answers", "--out", "nowhere/a.csv"], {}, "mkdir -p"),
    (["invite", "create", "--survey", "parent-carer-review"], {}, "--agency"),
    (["invite", "create", "--survey", "nope", "--agency", "CSC"], {}, "betteroff surveys list"),
    (["invite", "create", "--survey", "child-review", "--agency", "CXC"], {}, "Did you mean CSC"),
    (
        ["invite", "create", "--survey", "child-review", "--agency", "CSC", "--count", "0"],
        {},
        "--help",
    ),
    (
        ["invite", "create", "--survey", "child-review", "--agency", "CSC", "--touchpoint", "x"],
        {},
        "use one of",
    ),
    (["agency", "add", "CSC"], {}, "--help"),
    (["agency", "add", "C S C", "Spaces"], {}, "e.g. CSC"),
    (["agency", "list", "all"], {}, "--help"),
    (["agency", "list"], {"BETTEROFF_DATABASE_URL": "sqlite:///./none.db"}, "db upgrade"),
    (["staff", "join-code"], {}, "--agency"),
    (["staff", "join-code", "--agency", "POLICE"], {}, "betteroff agency add"),
    (["staff", "join-code", "--agency", "CSC", "--expires", "0"], {}, "--help"),
    (["staff", "join-code", "--agency", "CSC"], {"BETTEROFF_SECRET": ""}, "token_urlsafe"),
    (["admin", "add", "alice"], {}, "--help"),
    (["admin", "add"], {}, "--help"),
]


def _leaf_commands() -> set[str]:
    found: set[str] = set()

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "commands"):  # a group
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            found.add(" ".join(path))

    walk(typer.main.get_command(app), [])
    return found


def _command_of(arguments: list[str]) -> str:
    return " ".join(arguments[:2]) if arguments[0] in _groups() else arguments[0]


def _groups() -> set[str]:
    return {name.split()[0] for name in _leaf_commands() if " " in name}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a migrated database, agency CSC and a surveys folder already there."""
    folder = tmp_path_factory.mktemp("bad-arguments")
    previous = Path.cwd()
    os.chdir(folder)
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name in list(os.environ):
                if name.startswith("BETTEROFF_"):
                    patch.delenv(name)
            patch.setenv("BETTEROFF_SECRET", SECRET)
            get_settings.cache_clear()
            runner = CliRunner()
            assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
            assert runner.invoke(app, ["agency", "add", "CSC", "Children's care"]).exit_code == 0
            assert runner.invoke(app, ["surveys", "init", "existing"]).exit_code == 0
    finally:
        os.chdir(previous)
        get_settings.cache_clear()
    return folder


@pytest.fixture
def in_workspace(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in list(os.environ):
        if name.startswith("BETTEROFF_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("BETTEROFF_SECRET", SECRET)
    monkeypatch.setenv("BETTEROFF_BOT_USERNAME", "BetterOffBot")
    monkeypatch.setenv("BETTEROFF_TELEGRAM_BASE_URL", "http://127.0.0.1:9/bot")
    monkeypatch.setenv("COLUMNS", "100")
    get_settings.cache_clear()
    yield workspace
    get_settings.cache_clear()
    catalog.use_pack(None)


def test_every_command_is_covered() -> None:
    covered = {_command_of(arguments) for arguments, _, _ in CASES}
    assert _leaf_commands() - covered == set()
    # and each with a usage error (status 2) and a refusal in words (status 1), where it has
    # arguments that can be wrong in meaning as well as in form
    assert len(CASES) >= 2 * len(_leaf_commands()) - 4


@pytest.mark.parametrize(
    ("arguments", "environment", "words"),
    CASES,
    ids=[" ".join(arguments) + (" +env" if env else "") for arguments, env, _ in CASES],
)
def test_bad_arguments_get_a_sentence_not_a_traceback(
    in_workspace: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    environment: dict[str, str],
    words: str,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, arguments)
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{arguments}: {result.exception!r}"
    )
    assert "Traceback" not in output
    assert result.exit_code in (1, 2), (result.exit_code, output)
    flat = " ".join(output.replace("│", " ").split())
    assert words in flat, flat
