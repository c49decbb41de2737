"""The command line at 80 columns (issue 19): `surveys list` cut every heading, and
`--help` broke its paragraphs where the docstring's lines ended."""

from __future__ import annotations

from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from bot.cli import app

NARROW = {"COLUMNS": "80", "TERMINAL_WIDTH": "80"}


def _commands() -> list[list[str]]:
    found: list[list[str]] = []

    def walk(command: Any, path: list[str]) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            found.append(path)

    walk(typer.main.get_command(app), [])
    return found


def _paragraphs(text: str) -> list[list[str]]:
    """The description's paragraphs: lines outside the option boxes, split at blanks."""
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in "╭│╰" or stripped.startswith("Usage:"):
            paragraphs.append([])
        else:
            paragraphs[-1].append(stripped)
    return [p for p in paragraphs if p]


def test_surveys_list_keeps_its_headings_and_ids_at_80_columns() -> None:
    result = CliRunner().invoke(app, ["surveys", "list"], env=NARROW)
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    for survey_id in ("parent-carer-review", "young-person-closure", "practitioner-pulse"):
        assert survey_id in result.stdout


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_help_paragraphs_flow_at_80_columns(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env=NARROW)
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    for paragraph in _paragraphs(result.stdout):
        for line in paragraph[:-1]:  # a line cut short inside a paragraph is a bad break
            assert len(line) >= 50, (line, paragraph)
