"""The framework, the scales, broken files, many mistakes at once, and the catalog API."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field

from surveys.catalog import (
    FRAMEWORK_FILE,
    SCALES_FILE,
    load_framework,
    load_scales,
    load_survey,
    validate_paths,
)
from surveys.errors import Code, DefinitionError
from surveys.structure import Reporter, check_shape
from tests.surveys.conftest import FRAMEWORK, HEADER, SCALES, VALID, Check

# --- framework.yaml -------------------------------------------------------------------

FRAMEWORK_CASES: dict[Code, tuple[str, list[str]]] = {
    Code.UNKNOWN_MEASURE: (
        FRAMEWORK.replace("  quality: {", "  qualty: {"),
        [
            "framework.yaml:21: measures: measure 'quality' is missing. Add it: every measure "
            "Better Off knows (quantity, quality, outcome) needs an entry.",
            "framework.yaml:23: measures.qualty: measure 'qualty' does not exist. "
            "Did you mean 'quality'?",
        ],
    ),
    Code.FRAMEWORK_MISSING: (
        FRAMEWORK.replace("  training: {name: training}\n", ""),
        [
            "framework.yaml:14: touchpoints: touchpoint 'training' is missing. Add it: every "
            "touchpoint Better Off knows (assessment, review, closure, pulse, forum, "
            "training) needs an entry."
        ],
    ),
    Code.UNKNOWN_STATEMENT: (
        FRAMEWORK.replace("evidences: [core-safeguarding.1]", "evidences: [core-safeguard.1]"),
        [
            "framework.yaml:28: indicators[0].evidences[0]: statement 'core-safeguard.1' is "
            "not in the framework. Did you mean 'core-safeguarding.1'?"
        ],
    ),
    Code.STATEMENT_ID_FORMAT: (
        FRAMEWORK.replace("id: core-safeguarding.2", "id: core.2"),
        [
            "framework.yaml:7: content_areas[0].statements[1].id: statement id 'core.2' should "
            "be 'core-safeguarding.' and a number, like 'core-safeguarding.1'. Rename it."
        ],
    ),
    Code.BAD_CHOICE: (
        FRAMEWORK.replace("measure: quality", "measure: qualty"),
        [
            "framework.yaml:27: indicators[0].measure: 'qualty' is not allowed here. "
            "Did you mean 'quality'?"
        ],
    ),
    Code.DUPLICATE_ID: (
        FRAMEWORK.replace("id: core-safeguarding.2", "id: core-safeguarding.1"),
        [
            "framework.yaml:7: content_areas[0].statements[1].id: statement "
            "'core-safeguarding.1' is already used at line 5. Make each statement different."
        ],
    ),
    Code.UNKNOWN_AUDIENCE: (
        FRAMEWORK.replace(
            "audiences:\n", "audiences:\n  carer: {singular: carer, plural: carers}\n"
        ),
        [
            "framework.yaml:10: audiences.carer: audience 'carer' is not in the framework. "
            "Use one of: child, parent_carer, practitioner, young_person."
        ],
    ),
}


@pytest.mark.parametrize("code", list(FRAMEWORK_CASES), ids=lambda code: code.name)
def test_framework_mistakes(survey_dir: Path, code: Code) -> None:
    text, expected = FRAMEWORK_CASES[code]
    (survey_dir / "framework.yaml").write_text(text, encoding="utf-8")
    assert [str(p) for p in validate_paths([Path("framework.yaml")])] == expected


def test_the_inline_framework_loads(survey_dir: Path) -> None:
    framework = load_framework(Path("framework.yaml"))
    statement = framework.statements["core-safeguarding.2"]
    assert (statement.content_area, statement.number) == ("core-safeguarding", 2)
    assert framework.audiences["parent_carer"].plural == "parents and carers"
    assert framework.touchpoints["review"] == "review"
    assert framework.measures["outcome"].question == "Is anyone better off?"
    assert framework.content_areas_of("felt-listened-to") == ("core-safeguarding",)


# --- scales.yaml ----------------------------------------------------------------------

SCALES_CASES: dict[Code, tuple[str, list[str]]] = {
    Code.RESERVED_ID: (
        SCALES + "text:\n  options: [{code: a, label: A}, {code: b, label: B}]\n",
        [
            "scales.yaml:15: text: 'text' cannot be a scale name: it is a reserved word "
            "(a question type). Choose another."
        ],
    ),
    Code.BAD_ID: (
        SCALES + "Up Down:\n  options: [{code: a, label: A}, {code: b, label: B}]\n",
        [
            "scales.yaml:15: Up Down: 'Up Down' is not a valid scale name. Use lower-case "
            "letters, digits, '-' and '_', like 'agree5'."
        ],
    ),
    Code.UNKNOWN_OPTION: (
        SCALES.replace("positive: [agree]", "positive: [agreed]"),
        [
            "scales.yaml:2: agree3.positive[0]: 'agreed' is not an option of scale 'agree3'. "
            "Did you mean 'agree'?"
        ],
    ),
    Code.TOO_FEW: (
        SCALES + "one:\n  options: [{code: a, label: A}]\n",
        ["scales.yaml:16: one.options: needs at least 2 entries, but has 1. Add more."],
    ),
}


@pytest.mark.parametrize("code", list(SCALES_CASES), ids=lambda code: code.name)
def test_scales_mistakes(survey_dir: Path, code: Code) -> None:
    text, expected = SCALES_CASES[code]
    (survey_dir / "scales.yaml").write_text(text, encoding="utf-8")
    assert [str(p) for p in validate_paths([Path("scales.yaml")])] == expected


def test_a_repeated_option_code(check: Check) -> None:
    definition = (
        HEADER
        + "  - id: pick\n    type: choice\n    text: Pick\n    options:\n"
        + "      - {code: a, label: A}\n      - {code: a, label: B}\n"
    )
    assert check(definition) == [
        "s.yaml:16: questions[0].options[1].code: option code 'a' is already used at line 15. "
        "Make each option code different."
    ]


# --- files that cannot be read --------------------------------------------------------

FILE_CASES: dict[Code, tuple[bytes | None, list[str]]] = {
    Code.FILE_NOT_FOUND: (
        None,
        ["s.yaml: file not found. Check the path and the spelling of the name."],
    ),
    Code.FILE_TOO_BIG: (
        b"# " + b"x" * 10_000_000 + b"\n",
        [
            "s.yaml: the file is 10.0 MB, over the 1.0 MB limit for a definition file, so it "
            "was not read. A survey definition is a few kilobytes: check this is the right file."
        ],
    ),
    Code.NOT_UTF8: (
        "id: s\nversion: 1\ntitle: Caf\xe9\n".encode("latin-1"),
        ["s.yaml:3: the file is not UTF-8 text (byte 0xe9 cannot be read). Save it as UTF-8."],
    ),
    Code.YAML_SYNTAX: (
        b"id: s\nversion: 1\ntitle: [unclosed\nintro: x\n",
        [
            "s.yaml:4: the YAML cannot be read: while parsing a flow sequence, expected ',' or "
            "']', but got ':' (inside { } or [ ], words holding '?', ':', ',' or '#' need "
            "quotes). Fix the syntax here (indentation, a missing ':' or an unclosed "
            "quote are the usual causes)."
        ],
    ),
    Code.YAML_ALIAS: (
        b'a: &a ["lol", "lol"]\nb: [*a, *a, *a]\n',
        [
            "s.yaml:1: YAML anchors and aliases (&name, *name) are not allowed. Write the "
            "value out in full."
        ],
    ),
    Code.YAML_TAG: (
        VALID.replace("title: Hello", "title: !!python/object/apply:os.system [ls]").encode(),
        [
            "s.yaml:3: title: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed. Remove it and write a plain value.",
            "s.yaml:3: title: a text must be words, or a map of language code to words like "
            "'{en: Hello, pa: ...}', not empty. Write it in one of those forms.",
        ],
    ),
    Code.YAML_DUPLICATE_KEY: (
        (VALID + "    text: again\n").encode(),
        [
            "s.yaml:15: questions[0].text: the key 'text' appears twice here (first at line "
            "13). Keep only one."
        ],
    ),
    Code.YAML_COMPLEX_KEY: (
        (VALID + "    {en: hi}: hello\n    [a, b]: c\n").encode(),
        [
            "s.yaml:15: questions[0]: a key must be a plain word, not a mapping. Write the key "
            "as a word followed by ':', like 'text:'.",
            "s.yaml:16: questions[0]: a key must be a plain word, not a list. Write the key "
            "as a word followed by ':', like 'text:'.",
        ],
    ),
    Code.YAML_TOO_DEEP: (
        b"a: " + b"[" * 100 + b"]" * 100 + b"\n",
        [
            "s.yaml:1: the YAML is nested more than 40 levels deep. A definition needs only a "
            "few levels: check the indentation."
        ],
    ),
    Code.YAML_MULTIPLE_DOCUMENTS: (
        b"id: s\n---\nid: t\n",
        [
            "s.yaml:2: the file holds more than one YAML document ('---'). Keep one document "
            "per file."
        ],
    ),
    Code.EMPTY_FILE: (
        b"# nothing yet\n",
        ["s.yaml:1: the file is empty. Write the survey definition in it (see surveys/FORMAT.md)."],
    ),
    Code.NOT_A_MAPPING: (
        b"- id: s\n",
        [
            "s.yaml:1: the file must be a mapping of keys to values (like 'id: my-survey'), not "
            "a list. See surveys/FORMAT.md."
        ],
    ),
}


@pytest.mark.parametrize("code", list(FILE_CASES), ids=lambda code: code.name)
def test_files_that_cannot_be_read(survey_dir: Path, code: Code) -> None:
    content, expected = FILE_CASES[code]
    if content is not None:
        (survey_dir / "s.yaml").write_bytes(content)
    paths = [Path("framework.yaml"), Path("scales.yaml"), Path("s.yaml")]
    assert [str(p) for p in validate_paths(paths)] == expected


def test_a_directory_where_a_file_should_be(survey_dir: Path) -> None:
    (survey_dir / "defs" / "odd.yaml").mkdir(parents=True)
    with pytest.raises(DefinitionError) as raised:
        load_survey(Path("defs/odd.yaml"))
    assert [str(p) for p in raised.value.problems] == [
        "defs/odd.yaml: cannot read the file (it is a directory). Give the path of a file."
    ]
    assert [str(p) for p in validate_paths([Path("defs")])] == [
        "defs/odd.yaml: cannot read the file (it is a directory). Give the path of a file."
    ]


def test_an_empty_directory(survey_dir: Path) -> None:
    (survey_dir / "empty").mkdir()
    assert [str(p) for p in validate_paths([Path("empty")])] == [
        "empty: there are no .yaml files in this directory. Give a definition file, or a "
        "directory that holds some."
    ]


def test_two_files_with_the_same_survey_id(check: Check) -> None:
    check(VALID, name="s.yaml")
    (Path("copy") / "s.yaml").parent.mkdir()
    (Path("copy") / "s.yaml").write_text(VALID, encoding="utf-8")
    problems = validate_paths(
        [Path("framework.yaml"), Path("scales.yaml"), Path("s.yaml"), Path("copy")]
    )
    assert [str(p) for p in problems] == [
        "copy/s.yaml:1: id: survey id 's' is also used by s.yaml. Give each survey its own id."
    ]


def test_a_pydantic_error_without_its_own_code_still_reads_as_a_sentence() -> None:
    class Short(BaseModel):
        code: str = Field(max_length=3)

    report = Reporter("x.yaml")
    check_shape(Short, {"code": "toolong"}, ("options", 0), report)
    assert [str(p) for p in report.problems] == [
        "x.yaml: options[0].code: String should have at most 3 characters. See "
        "surveys/FORMAT.md for what is allowed."
    ]
    assert report.problems[0].code is Code.INVALID


# --- every mistake at once ------------------------------------------------------------

TWENTY_MISTAKES = """\
id: s
version: one
title: Hello
audience: parnt_carer
touchpoint: reviw
content_areas: [core]
languages: [en, pa]
intro: Hi there
thanks: {en: Thank you, pa: Dhanvaad}
headline: nothing
colour: blue
questions:
  - id: listened
    type: agree3
    text: {en: Listened, pa: Suni}
    indicator: felt-listend
    positive: [agree, dont_know]
  - id: listened
    type: choice
    text: {en: Pick, pa: Chuno}
  - id: workers
    type: number
    text: {en: "How many?", pa: "Kinne?"}
    min: 5
    max: 1
    indicator: felt-listened-to
  - id: why
    type: text
    story: true
    skippable: "no"
    text: {en: "Why?", pa: "Kion?"}
    show_if: listened == agre
  - id: share
    type: share
    text: {en: "Share?", pa: "Sanjha?"}
    show_if: later == 1
  - id: pick
    type: multi
    story: true
    text: {en: Pick, pa: Chuno}
    options:
      - {code: a, label: {en: A, pa: A}}
      - {code: a, label: {en: B, pa: B}}
"""


def test_a_definition_with_twenty_mistakes_reports_all_twenty(check: Check) -> None:
    check(TWENTY_MISTAKES)
    problems = validate_paths([Path("framework.yaml"), Path("scales.yaml"), Path("s.yaml")])
    errors = [p for p in problems if p.is_error]
    assert [(p.line, p.path, p.code.name) for p in errors] == [
        (2, "version", "BAD_VERSION"),
        (3, "title", "MISSING_TRANSLATION"),
        (4, "audience", "UNKNOWN_AUDIENCE"),
        (5, "touchpoint", "UNKNOWN_TOUCHPOINT"),
        (6, "content_areas[0]", "UNKNOWN_CONTENT_AREA"),
        (8, "intro", "MISSING_TRANSLATION"),
        (10, "headline", "UNKNOWN_HEADLINE"),
        (11, "colour", "UNKNOWN_KEY"),
        (14, "questions[0].type", "MISSING_SCALE_TRANSLATION"),
        (16, "questions[0].indicator", "UNKNOWN_INDICATOR"),
        (17, "questions[0].positive[1]", "POSITIVE_NOT_COUNTED"),
        (18, "questions[1].id", "DUPLICATE_ID"),
        (19, "questions[1].type", "OPTIONS_REQUIRED"),
        (24, "questions[2].min", "MIN_OVER_MAX"),
        (26, "questions[2].indicator", "INDICATOR_NOT_SCORABLE"),
        (30, "questions[3].skippable", "WRONG_TYPE"),
        (32, "questions[3].show_if", "SHOW_IF_UNKNOWN_OPTION"),
        (36, "questions[4].show_if", "SHOW_IF_UNKNOWN_QUESTION"),
        (39, "questions[5].story", "STORY_NOT_TEXT"),
        (43, "questions[5].options[1].code", "DUPLICATE_ID"),
    ]


# --- the runtime objects --------------------------------------------------------------


def test_a_valid_definition_becomes_a_survey(survey_dir: Path) -> None:
    definition = VALID + (
        "  - id: pick\n    type: multi\n    text: Pick\n    skippable: false\n"
        "    help: Tick all that apply\n    options:\n"
        "      - {code: a, label: A, emoji: '🙂'}\n"
        "      - {code: b, label: B, counted: false}\n"
        "  - id: workers\n    type: number\n    text: How many?\n    min: 0\n    max: 9\n"
        "    show_if: pick == a\n"
    )
    (survey_dir / "s.yaml").write_text(definition, encoding="utf-8")
    survey = load_survey(
        Path("s.yaml"),
        framework=load_framework(Path("framework.yaml")),
        scales=load_scales(Path("scales.yaml")),
    )
    assert (survey.id, survey.version, survey.languages) == ("s", 1, ("en",))
    listened, pick, workers = survey.questions
    assert (listened.kind, listened.scale, listened.positive) == ("choice", "agree3", ("agree",))
    assert listened.indicator == "felt-listened-to"
    assert listened.counted_codes == {"agree", "disagree"}
    assert (pick.kind, pick.skippable, pick.help and str(pick.help)) == (
        "multi",
        False,
        "Tick all that apply",
    )
    assert pick.options[0].display("en") == "🙂 A"
    assert (workers.kind, workers.min, workers.max, workers.show_if) == (
        "number",
        0,
        9,
        "pick == a",
    )
    assert str(survey.title) == "Hello"


def test_an_invalid_definition_raises_with_every_problem(survey_dir: Path) -> None:
    (survey_dir / "s.yaml").write_text(TWENTY_MISTAKES, encoding="utf-8")
    with pytest.raises(DefinitionError) as raised:
        load_survey(
            Path("s.yaml"),
            framework=load_framework(Path("framework.yaml")),
            scales=load_scales(Path("scales.yaml")),
        )
    assert len([p for p in raised.value.problems if p.is_error]) == 20
    assert "20 error(s)" in str(raised.value)


def test_yes_and_no_stay_words(survey_dir: Path) -> None:
    """YAML 1.1 reads a bare `yes` as true; FORMAT.md writes `code: yes`."""
    definition = HEADER + (
        "  - id: changed\n    type: choice\n    text: Has your worker changed?\n"
        "    options:\n      - code: yes\n        label: Yes\n      - code: no\n        label: No\n"
        "  - id: how-many\n    type: number\n    text: How many?\n    show_if: changed == yes\n"
    )
    (survey_dir / "s.yaml").write_text(definition, encoding="utf-8")
    survey = load_survey(
        Path("s.yaml"),
        framework=load_framework(Path("framework.yaml")),
        scales=load_scales(Path("scales.yaml")),
    )
    assert [o.code for o in survey.questions[0].options] == ["yes", "no"]
    assert str(survey.questions[0].options[0].label) == "Yes"


# --- whatever the file holds: problems, never an exception ------------------------------

_KEYS = st.sampled_from(
    ["id", "version", "title", "audience", "touchpoint", "content_areas", "languages", "intro",
     "thanks", "questions", "type", "text", "options", "code", "label", "positive", "show_if",
     "indicator", "story", "min", "max", "en", "pa", "headline", "translation_status", "help"]
)  # fmt: skip
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False),
    st.sampled_from(["agree3", "choice", "share", "text", "number", "multi", "en", "yes",
                     "listened == agree", "q in (", "core-safeguarding", "parent_carer"]),
    st.text(max_size=12),
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=25,
)


@settings(max_examples=100, deadline=None)
@given(data=st.dictionaries(_KEYS, _VALUES, max_size=12))
def test_any_mapping_gives_problems_not_exceptions(data: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "s.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        problems = validate_paths([Path(FRAMEWORK_FILE), Path(SCALES_FILE), path])
    assert all(str(problem) for problem in problems)


@settings(max_examples=100, deadline=None)
@given(cut=st.integers(0, len(VALID)), junk=st.text(max_size=5))
def test_a_damaged_definition_gives_problems_not_exceptions(cut: int, junk: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "s.yaml"
        path.write_text(VALID[:cut] + junk + VALID[cut + 1 :], encoding="utf-8")
        validate_paths([Path(FRAMEWORK_FILE), Path(SCALES_FILE), path])


def test_a_repeated_indicator_id(survey_dir: Path) -> None:
    indicator = FRAMEWORK[FRAMEWORK.index("  - id: felt-listened-to") :]
    (survey_dir / "framework.yaml").write_text(FRAMEWORK + indicator, encoding="utf-8")
    assert [str(p) for p in validate_paths([Path("framework.yaml")])] == [
        "framework.yaml:30: indicators[1].id: indicator 'felt-listened-to' is already used at "
        "line 26. Make each indicator different."
    ]


def test_the_shipped_surveys_load_by_id() -> None:
    from surveys.catalog import get_survey, shipped_surveys

    surveys = shipped_surveys()
    assert surveys, "no shipped surveys"
    for survey_id, survey in surveys.items():
        assert survey.id == survey_id
        assert get_survey(survey_id) is survey
        assert Path(survey.source).name == f"{survey_id}.yaml"
    assert get_survey("no-such-survey") is None
    assert load_framework() is load_framework()
