"""Small inline framework, scales and survey for the validator tests.

Tests write YAML into a temporary directory (the current directory during the test,
so messages name ``s.yaml`` rather than a long temporary path) and assert the exact
``FILE:LINE: path: message`` lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from surveys.catalog import validate_paths

FRAMEWORK = """\
content_areas:
  - id: core-safeguarding
    name: Core Safeguarding
    statements:
      - id: core-safeguarding.1
        text: Children are listened to
      - id: core-safeguarding.2
        text: Families get help early
audiences:
  child: {singular: child, plural: children}
  young_person: {singular: young person, plural: young people}
  parent_carer: {singular: parent or carer, plural: parents and carers}
  practitioner: {singular: practitioner, plural: practitioners}
touchpoints:
  assessment: {name: assessment}
  review: {name: review}
  closure: {name: closure}
  pulse: {name: pulse}
  forum: {name: forum}
  training: {name: training}
measures:
  quantity: {question: "How much did we do?", heading: Quantity}
  quality: {question: "How well did we do it?", heading: Quality}
  outcome: {question: "Is anyone better off?", heading: Outcome}
indicators:
  - id: felt-listened-to
    measure: quality
    evidences: [core-safeguarding.1]
    statement: felt their worker listened to them
"""

SCALES = """\
agree3:
  positive: [agree]
  options:
    - code: agree
      label: {en: Agree, pa: Sahimat}
    - code: disagree
      label: {en: Disagree, pa: Asahimat}
    - code: dont_know
      label: {en: Don't know}
      counted: false
updown:
  options:
    - {code: up, label: Up}
    - {code: down, label: Down}
"""

#: Ten header lines; the first question starts on line 11.
HEADER = """\
id: s
version: 1
title: Hello
audience: parent_carer
touchpoint: review
content_areas: [core-safeguarding]
languages: [en]
intro: Hi there
thanks: Thank you
questions:
"""

QUESTION = """\
  - id: listened
    type: agree3
    text: My worker listened to me
    indicator: felt-listened-to
"""

VALID = HEADER + QUESTION

Check = Callable[..., list[str]]


@pytest.fixture
def survey_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding the inline framework and scales, made the current directory."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "framework.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (tmp_path / "scales.yaml").write_text(SCALES, encoding="utf-8")
    return tmp_path


@pytest.fixture
def check(survey_dir: Path) -> Check:
    """check(yaml_text, name="s.yaml") -> every problem line, framework and scales included."""

    def run(text: str, name: str = "s.yaml") -> list[str]:
        (survey_dir / name).write_text(text, encoding="utf-8")
        paths = [Path("framework.yaml"), Path("scales.yaml"), Path(name)]
        return [str(problem) for problem in validate_paths(paths)]

    return run
