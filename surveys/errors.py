"""Every problem the loader can report, from one catalogue.

Like pyxform's error table: a problem is a :class:`Code` (its severity and message
template) filled in with details, placed at ``FILE:LINE: field.path``. Every message
says what is wrong, then how to fix it, so ``str(problem)`` is a line a person can act on.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Literal

Severity = Literal["error", "warning"]

FORMAT_DOC = "surveys/FORMAT.md"


class Code(Enum):
    """The catalogue: ``(severity, template)``; templates use ``str.format`` fields."""

    # --- the file itself -------------------------------------------------------------
    FILE_NOT_FOUND = ("error", "file not found. Check the path and the spelling of the name.")
    FILE_UNREADABLE = ("error", "cannot read the file ({reason}). Give the path of a file.")
    FILE_TOO_BIG = (
        "error",
        "the file is {size}, over the {limit} limit for a definition file, so it was not "
        "read. A survey definition is a few kilobytes: check this is the right file.",
    )
    NOT_UTF8 = (
        "error",
        "the file is not UTF-8 text (byte 0x{byte:02x} cannot be read). Save it as UTF-8.",
    )
    YAML_SYNTAX = (
        "error",
        "the YAML cannot be read: {problem}. Fix the syntax here (indentation, a missing "
        "':' or an unclosed quote are the usual causes).",
    )
    YAML_ALIAS = (
        "error",
        "YAML anchors and aliases (&name, *name) are not allowed. Write the value out in full.",
    )
    YAML_TAG = ("error", "the YAML tag '{tag}' is not allowed. Remove it and write a plain value.")
    YAML_COMPLEX_KEY = (
        "error",
        "a key must be a plain word, not {kind}. Write the key as a word followed by ':', "
        "like 'text:'.",
    )
    YAML_DUPLICATE_KEY = (
        "error",
        "the key '{key}' appears twice here (first at line {first_line}). Keep only one.",
    )
    YAML_TOO_DEEP = (
        "error",
        "the YAML is nested more than {limit} levels deep. A definition needs only a few "
        "levels: check the indentation.",
    )
    YAML_MULTIPLE_DOCUMENTS = (
        "error",
        "the file holds more than one YAML document ('---'). Keep one document per file.",
    )
    NO_FILES = (
        "error",
        "there are no .yaml files in this directory. Give a definition file, or a "
        "directory that holds some.",
    )
    EMPTY_FILE = ("error", "the file is empty. Write the {kind} in it (see " + FORMAT_DOC + ").")
    NOT_A_MAPPING = (
        "error",
        "the file must be a mapping of keys to values (like 'id: my-survey'), not {got}. "
        "See " + FORMAT_DOC + ".",
    )

    # --- shape of the values (from the pydantic models) ------------------------------
    UNKNOWN_KEY = ("error", "unknown key '{key}'. {fix}")
    MISSING_FIELD = ("error", "'{key}' is required but missing. Add it (see " + FORMAT_DOC + ").")
    WRONG_TYPE = ("error", "should be {expected}, but is {got}. Write {expected} here.")
    BAD_CHOICE = ("error", "'{value}' is not allowed here. {fix}")
    BAD_VERSION = (
        "error",
        "the version must be a whole number from 1 up, like 'version: 2', not {got}. "
        "Raise it by one whenever the questions change.",
    )
    BAD_ID = (
        "error",
        "'{value}' is not a valid {kind}. Use lower-case letters, digits, '-' and '_', "
        "like '{example}'.",
    )
    BAD_LANGUAGE = (
        "error",
        "'{value}' is not a language code. Use a two- or three-letter lower-case code, like 'pa'.",
    )
    BAD_TEXT = (
        "error",
        "a text must be words, or a map of language code to words like "
        "'{{en: Hello, pa: ...}}', not {got}. Write it in one of those forms.",
    )
    TEXT_WITHOUT_ENGLISH = (
        "error",
        "the English text ('en') is missing. Every text needs English; add 'en: ...'.",
    )
    EMPTY_TEXT = ("error", "the text is empty{where}. Write the words, or remove it.")
    TOO_FEW = ("error", "needs at least {minimum}, but has {count}. Add more.")
    INVALID = ("error", "{detail}. See " + FORMAT_DOC + " for what is allowed.")

    # --- references and ids ----------------------------------------------------------
    DUPLICATE_ID = (
        "error",
        "{kind} '{value}' is already used at line {first_line}. Make each {kind} different.",
    )
    DUPLICATE_SURVEY_ID = (
        "error",
        "survey id '{value}' is also used by {other}. Give each survey its own id.",
    )
    RESERVED_ID = (
        "error",
        "'{value}' cannot be a {kind}: it is a reserved word ({reserved}). Choose another.",
    )
    UNKNOWN_AUDIENCE = ("error", "audience '{value}' is not in the framework. {fix}")
    UNKNOWN_TOUCHPOINT = ("error", "touchpoint '{value}' is not in the framework. {fix}")
    UNKNOWN_CONTENT_AREA = ("error", "content area '{value}' is not in the framework. {fix}")
    UNKNOWN_MEASURE = ("error", "measure '{value}' does not exist. {fix}")
    UNKNOWN_INDICATOR = ("error", "indicator '{value}' is not in the framework. {fix}")
    UNKNOWN_STATEMENT = ("error", "statement '{value}' is not in the framework. {fix}")
    UNKNOWN_TYPE = ("error", "'{value}' is neither a question type nor a scale. {fix}")
    UNKNOWN_OPTION = ("error", "'{value}' is not an option of {owner}. {fix}")
    UNKNOWN_HEADLINE = ("error", "headline '{value}' is not a question in this survey. {fix}")
    FRAMEWORK_MISSING = (
        "error",
        "{kind} '{value}' is missing. Add it: every {kind} Better Off knows ({expected}) "
        "needs an entry.",
    )
    STATEMENT_ID_FORMAT = (
        "error",
        "statement id '{value}' should be '{area}.' and a number, like '{area}.1'. Rename it.",
    )

    # --- languages -------------------------------------------------------------------
    NO_ENGLISH_LANGUAGE = (
        "error",
        "languages must include 'en': English is the source of every text. Add 'en'.",
    )
    MISSING_TRANSLATION = (
        "error",
        "no '{language}' text, but the survey's languages include it. Add "
        "'{language}: ...', or remove '{language}' from languages.",
    )
    MISSING_SCALE_TRANSLATION = (
        "error",
        "scale '{scale}' has no '{language}' label for option '{codes}' ({where}). Add it "
        "there, or remove '{language}' from languages.",
    )
    UNDECLARED_LANGUAGE = (
        "warning",
        "there is a '{language}' text, but '{language}' is not in the survey's languages. "
        "Add it to languages, or remove the text.",
    )
    TRANSLATION_STATUS_LANGUAGE = (
        "error",
        "translation_status names '{language}', which {why}. Remove it{fix}.",
    )

    # --- questions -------------------------------------------------------------------
    OPTIONS_REQUIRED = (
        "error",
        "a {kind} question needs options. Add an 'options' list with a code and a label "
        "for each answer.",
    )
    OPTIONS_NOT_ALLOWED = (
        "error",
        "{kind} questions cannot have their own options. Remove 'options', or change the "
        "type to choice or multi.",
    )
    NUMBER_ONLY = (
        "error",
        "'{key}' only applies to number questions, and this question's type is '{kind}'. "
        "Remove '{key}', or change the type to number.",
    )
    MIN_OVER_MAX = ("error", "min ({min}) is greater than max ({max}). Swap them.")
    STORY_NOT_TEXT = (
        "error",
        "'story: true' only applies to text questions, and this question's type is "
        "'{kind}'. Remove 'story', or change the type to text.",
    )
    SHARE_NOT_AFTER_STORY = (
        "error",
        "a share question must come straight after a text question with 'story: true', "
        "but {found}. Move it to just after the story question.",
    )
    STORY_WITHOUT_SHARE = (
        "warning",
        "no share question follows this story question, so its answers can never be "
        "quoted. Add a question with 'type: share' straight after it.",
    )
    INDICATOR_NOT_SCORABLE = (
        "error",
        "a {kind} question cannot feed an indicator: only scale, choice and multi answers "
        "can be counted. Remove 'indicator', or ask it with a scale.",
    )
    INDICATOR_WITHOUT_POSITIVE = (
        "error",
        "this question feeds indicator '{indicator}', but no option counts as positive. "
        "Add 'positive: [...]' with the option codes that count.",
    )
    POSITIVE_WITHOUT_INDICATOR = (
        "warning",
        "'positive' has no effect without 'indicator'. Add the indicator this question "
        "feeds, or remove 'positive'.",
    )
    POSITIVE_NOT_COUNTED = (
        "error",
        "'{value}' is marked 'counted: false', so it cannot count as positive. Remove it "
        "from 'positive'.",
    )
    SHOW_IF_SYNTAX = (
        "error",
        "show_if cannot be read: {message} (column {column}). Write it like "
        "'worker-changed == yes' (see " + FORMAT_DOC + ").",
    )
    SHOW_IF_UNKNOWN_QUESTION = (
        "error",
        "show_if uses '{value}', which is not a question in this survey. {fix}",
    )
    SHOW_IF_NOT_EARLIER = (
        "error",
        "show_if uses '{value}', which is {where}. show_if can only use answers to "
        "earlier questions: move '{value}' before this question.",
    )
    SHOW_IF_UNKNOWN_OPTION = (
        "error",
        "show_if compares '{question}' with '{value}', which is not one of its options. {fix}",
    )
    SHOW_IF_NOT_A_NUMBER = (
        "error",
        "show_if compares number question '{question}' with '{value}', which is not a "
        "number. Compare it with a number, like '{question} == 3'.",
    )
    FILE_ID_MISMATCH = (
        "warning",
        "the survey id '{value}' differs from the file name '{name}'. Rename the file to "
        "'{value}.yaml' so it is easy to find.",
    )

    # --- plain wording for children and young people ---------------------------------
    LONG_SENTENCE = (
        "warning",
        "a sentence of {count} words is long for {audience} (aim for {limit} or fewer): "
        '"{sentence}". Split it or use fewer words.',
    )
    LONG_WORDS = (
        "warning",
        "{words} may be hard for {audience} to read. Use shorter, everyday words.",
    )

    def __init__(self, severity: Severity, template: str) -> None:
        self.severity: Severity = severity
        self.template = template


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in one file."""

    code: Code
    severity: Severity
    file: str
    line: int | None
    path: str  # field path like ``questions[2].positive[0]``; empty for the whole file
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        label = "warning: " if self.severity == "warning" else ""
        path = f" {self.path}:" if self.path else ""
        return f"{where}:{path} {label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def make_problem(
    code: Code, *, file: str, line: int | None, path: str, **details: object
) -> Problem:
    """Fill ``code``'s template with ``details``."""
    return Problem(
        code=code,
        severity=code.severity,
        file=file,
        line=line,
        path=path,
        message=code.template.format(**details),
    )


class DefinitionError(Exception):
    """A file (or files) with errors; ``problems`` holds every one, warnings included."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error]
        lines = "\n".join(str(p) for p in errors)
        super().__init__(f"{len(errors)} error(s) in survey files:\n{lines}")


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` was most likely meant to be (difflib, like pyxform)."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggest(word: str, choices: Iterable[str], *, otherwise: str) -> str:
    """'Did you mean …?' for a near miss, else ``otherwise`` (which may use {choices})."""
    options = sorted(set(choices))
    match = closest(word, options)
    if match is not None:
        return f"Did you mean '{match}'?"
    return otherwise.format(choices=", ".join(options) if options else "(none)")
