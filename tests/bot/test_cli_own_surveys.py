"""A partnership's own surveys and framework (issue 19): BETTEROFF_SURVEYS_DIR, surveys
init, preview and validate by path, and the README's "write your own survey" walk-through
run as written, with the installed ``betteroff`` command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import get_settings
from surveys import catalog

REPO = Path(__file__).resolve().parents[2]
OWN_SURVEY = """\
id: family-hub-review
version: 1
title: Your family hub
audience: parent_carer
touchpoint: review
content_areas: [early-help]
languages: [en]
intro: Two quick questions. We don't ask your name.
thanks: Thank you.
questions:
  - id: listened
    type: agree5
    indicator: felt-listened-to
    text: The family hub staff listen to me.
  - id: better-off
    type: yes_no_unsure
    text: Are things better for your family since you came to the hub?
"""


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    get_settings.cache_clear()
    result = CliRunner().invoke(app, list(args), input=stdin)
    get_settings.cache_clear()
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in list(os.environ):
        if name.startswith("BETTEROFF_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BETTEROFF_BOT_USERNAME", "BetterOffBot")
    yield tmp_path
    catalog.use_pack(None)  # later tests read the shipped set
    get_settings.cache_clear()


def test_surveys_init_copies_the_shipped_pack_and_never_overwrites(fresh: Path) -> None:
    code, output = _run("surveys", "init", "pack")
    assert code == 0, output
    assert (fresh / "pack" / "framework.yaml").read_bytes() == catalog.FRAMEWORK_FILE.read_bytes()
    assert (fresh / "pack" / "scales.yaml").is_file()
    shipped = sorted(p.name for p in catalog.DEFINITIONS_DIR.glob("*.yaml"))
    assert sorted(p.name for p in (fresh / "pack" / "definitions").glob("*.yaml")) == shipped
    assert "BETTEROFF_SURVEYS_DIR=" in output
    (fresh / "pack" / "scales.yaml").write_text("# mine\n", encoding="utf-8")
    code, output = _run("surveys", "init", "pack")
    assert code == 1 and "already there" in output
    assert (fresh / "pack" / "scales.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_a_new_survey_in_the_surveys_dir_is_seen_everywhere(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only definitions/: the framework and scales come from the shipped set.
    (fresh / "pack" / "definitions").mkdir(parents=True)
    (fresh / "pack" / "definitions" / "family-hub-review.yaml").write_text(OWN_SURVEY)
    monkeypatch.setenv("BETTEROFF_SURVEYS_DIR", str(fresh / "pack"))
    code, output = _run("surveys", "list")
    assert code == 0 and "family-hub-review" in output, output
    assert "parent-carer-review" not in output  # its own definitions replace the shipped ones
    code, output = _run("surveys", "validate")
    assert code == 0 and "3 files checked: no errors" in output, output
    code, output = _run("surveys", "preview", "family-hub-review", stdin="1\n1\n")
    assert code == 0 and "felt-listened-to" in output, output
    # the bot reads the same pack
    from bot.app import build_application
    from bot.context import SERVICES_KEY

    monkeypatch.setenv("BETTEROFF_TELEGRAM_TOKEN", "123:abc")  # never used: no network here
    get_settings.cache_clear()
    settings = get_settings()
    application = build_application(settings, start_scheduler=False)
    assert set(application.bot_data[SERVICES_KEY].surveys) == {"family-hub-review"}
    # and so do the invites and the reports
    monkeypatch.setenv("BETTEROFF_SECRET", "own-surveys-secret-0123456789-abcdefghij")
    assert _run("db", "upgrade")[0] == 0
    assert _run("agency", "add", "FH", "Family hubs")[0] == 0
    code, output = _run("invite", "create", "--survey", "family-hub-review", "--agency", "FH")
    assert code == 0, output
    from analytics import report

    assert "family-hub-review" in report._default_surveys()


def test_a_framework_of_its_own_is_used(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (fresh / "pack").mkdir()
    framework = catalog.FRAMEWORK_FILE.read_text(encoding="utf-8")
    renamed = framework.replace("name: Child Exploitation", "name: Our own first area", 1)
    assert renamed != framework
    (fresh / "pack" / "framework.yaml").write_text(renamed, encoding="utf-8")
    monkeypatch.setenv("BETTEROFF_SURVEYS_DIR", str(fresh / "pack"))
    assert _run("surveys", "list")[0] == 0
    names = [str(area.name) for area in catalog.load_framework().content_areas]
    assert "Our own first area" in names and "Child Exploitation" not in names


def test_preview_and_validate_take_a_file_path(fresh: Path) -> None:
    path = fresh / "family-hub-review.yaml"
    path.write_text(OWN_SURVEY, encoding="utf-8")
    code, output = _run("surveys", "preview", str(path), stdin="1\n1\n")
    assert code == 0 and "Your family hub" in output, output
    code, output = _run("surveys", "validate", str(path))
    assert code == 0, output
    path.write_text(OWN_SURVEY.replace("agree5", "agree55"), encoding="utf-8")
    code, output = _run("surveys", "preview", str(path))
    assert code == 1 and "agree5" in output and "Traceback" not in output
    code, output = _run("surveys", "preview", "no-such-file.yaml")
    assert code == 1 and "no file" in output


def test_a_surveys_dir_that_is_not_there_says_how_to_make_it(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BETTEROFF_SURVEYS_DIR", str(fresh / "nothere"))
    code, output = _run("surveys", "list")
    assert code == 1 and "betteroff surveys init" in output


# --- the README walk-through ----------------------------------------------------------


def _walkthrough() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- own-survey -->\n```sh\n(.*?)```\n<!-- /own-survey -->", readme, re.S)
    assert found, "README.md lost its <!-- own-survey --> walk-through"
    return found.group(1)


def test_the_readme_walkthrough_runs_as_written(tmp_path: Path) -> None:
    """Every line of README's "Write your own survey", in bash, with the installed CLI."""
    installed = shutil.which("betteroff", path=str(Path(sys.executable).parent))
    assert installed, "the betteroff command is not installed in this environment"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BETTEROFF_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["HOME"] = str(tmp_path)  # no cache of a real bot's username
    env["COLUMNS"] = "80"
    (tmp_path / ".env").write_text(
        "BETTEROFF_BOT_USERNAME=BetterOffBot\n"
        "BETTEROFF_SECRET=walk-through-secret-0123456789-abcdefghijkl\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _walkthrough()],
        cwd=tmp_path,
        env=env,
        input="1\n1\n1\nThe staff were kind.\n1\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Traceback" not in output
    assert "family-hub-review" in output  # listed and previewed
    assert re.search(r"^https://t\.me/BetterOffBot\?start=\S+$", done.stdout, re.M), output
