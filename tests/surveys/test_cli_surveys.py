"""``betteroff surveys ...`` end to end: exit codes, one line per error, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.surveys.conftest import VALID
from tests.surveys.test_validator_files import TWENTY_MISTAKES

runner = CliRunner()


def invoke(*args: str, input: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["surveys", *args], input=input)
    output = result.output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    return result.exit_code, output


def test_the_shipped_surveys_validate() -> None:
    code, output = invoke("validate")
    assert code == 0, output
    assert ": no errors, " in output.splitlines()[-1]


def test_the_installed_command_validates_the_shipped_surveys() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "surveys", "validate"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def _lines(output: str, prefix: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefix)]


def test_twenty_mistakes_give_twenty_lines_and_exit_1(survey_dir: Path) -> None:
    (survey_dir / "s.yaml").write_text(TWENTY_MISTAKES, encoding="utf-8")
    code, output = invoke("validate", "framework.yaml", "scales.yaml", "s.yaml")
    assert code == 1
    errors = [line for line in _lines(output, "s.yaml:") if ": warning: " not in line]
    assert len(errors) == 20
    assert output.splitlines()[-1] == "3 files checked: 20 errors, 0 warnings."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "s.yaml: file not found."),
        (b"id: s\ntitle: [oops\nversion: 1\n", "s.yaml:3: the YAML cannot be read:"),
        ("id: s\ntitle: Caf\xe9\n".encode("latin-1"), "s.yaml:2: the file is not UTF-8 text"),
        (b"#" * 10_500_000, "s.yaml: the file is 10.5 MB, over the 1.0 MB limit"),
        (b"just words\n", "s.yaml:1: the file must be a mapping of keys to values"),
        (b"", "s.yaml:1: the file is empty."),
        (b"a: &x [1, 2]\nb: [*x, *x]\n", "s.yaml:1: YAML anchors and aliases"),
        (b"a: !!python/object/apply:os.system [ls]\n", "s.yaml:1: a: the YAML tag"),
        (
            b"\x00\x01 binary junk\n",
            "s.yaml:1: the YAML cannot be read: the control character U+0000",
        ),
    ],
    ids=[
        "missing",
        "malformed",
        "latin-1",
        "10MB",
        "not-a-mapping",
        "empty",
        "aliases",
        "tag",
        "binary",
    ],
)
def test_bad_files_exit_1_with_a_sentence(
    survey_dir: Path, content: bytes | None, expected: str
) -> None:
    if content is not None:
        (survey_dir / "s.yaml").write_bytes(content)
    code, output = invoke("validate", "s.yaml")
    assert code == 1
    assert _lines(output, "s.yaml")[0].startswith(expected), output
    assert "error" in output.splitlines()[-1]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", ["pipe", "endless device"])
def test_a_pipe_or_a_device_is_refused_without_reading_it(survey_dir: Path, kind: str) -> None:
    # A pipe with no writer blocks open() for ever; /dev/zero reports size 0 and never ends.
    if kind == "pipe":
        os.mkfifo(survey_dir / "s.yaml")
        path = "s.yaml"
    else:
        path = "/dev/zero"
    code, output = invoke("validate", path)
    assert code == 1
    assert _lines(output, path) == [
        f"{path}: cannot read the file (it is a pipe or a device, not a file). "
        "Give the path of a file."
    ]


def test_warnings_are_printed_but_do_not_fail(survey_dir: Path) -> None:
    (survey_dir / "other.yaml").write_text(VALID, encoding="utf-8")
    code, output = invoke("validate", "framework.yaml", "scales.yaml", "other.yaml")
    assert code == 0
    assert _lines(output, "other.yaml:1: id: warning: the survey id 's' differs")
    assert output.splitlines()[-1] == "3 files checked: no errors, 1 warning."


def test_list_shows_the_shipped_surveys() -> None:
    from surveys.catalog import shipped_surveys

    code, output = invoke("list")
    assert code == 0
    for survey_id in shipped_surveys():
        assert survey_id in output


def test_preview_of_an_unknown_survey_suggests_one() -> None:
    from surveys.catalog import shipped_surveys

    known = next(iter(shipped_surveys()))
    code, output = invoke("preview", known[:-1] + "x")
    assert code == 1
    assert f"Did you mean '{known}'?" in output


def test_preview_in_a_language_the_survey_lacks() -> None:
    from surveys.catalog import shipped_surveys

    survey = next(iter(shipped_surveys().values()))
    code, output = invoke("preview", survey.id, "--language", "xx")
    assert code == 1
    assert f"'{survey.id}' is not written in 'xx'." in output


def test_preview_hands_the_survey_to_the_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.preview
    from surveys.catalog import shipped_surveys

    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(
        bot.preview,
        "run_preview",
        lambda survey, language, **_: calls.append((survey.id, language)),
    )
    survey = next(iter(shipped_surveys().values()))
    code, _ = invoke("preview", survey.id, "--language", survey.languages[-1])
    assert code == 0
    assert calls == [(survey.id, survey.languages[-1])]


@pytest.mark.parametrize("command", ["validate", "list", "preview"])
def test_every_command_explains_itself_with_an_example(command: str) -> None:
    code, output = invoke(command, "--help")
    assert code == 0
    assert "Example: betteroff surveys" in output


def _every_command() -> list[tuple[str, ...]]:
    from typer.main import get_command

    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                walk(sub, (*path, name))

    walk(get_command(app), ())
    return found


@pytest.mark.parametrize("path", _every_command(), ids=lambda path: " ".join(path) or "betteroff")
def test_every_betteroff_command_and_group_says_what_it_does_with_an_example(
    path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the example on one line
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    lines = [line.strip(" │") for line in result.output.splitlines()]
    usage = next(i for i, line in enumerate(lines) if line.startswith("Usage:"))
    summary = next(line for line in lines[usage + 1 :] if line)
    assert summary.endswith("."), summary  # a sentence saying what it does
    examples = [line for line in lines if line.startswith("Example: ")]
    assert examples, result.output
    assert f"betteroff {' '.join(path)}".strip() in examples[0], examples[0]
