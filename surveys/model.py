"""The runtime shape of surveys, scales and the framework.

These frozen dataclasses are what every other layer sees. The YAML files are
parsed and checked by :mod:`surveys.loader` (pydantic models with line numbers)
and only a definition with no errors becomes a :class:`Survey`; so code that
holds a ``Survey`` may trust every reference in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

#: Question kinds after a scale name has been resolved. ``share`` is the
#: consent-to-quote question that follows a story question (yes / no).
Kind = Literal["choice", "multi", "number", "text", "share"]

Measure = Literal["quantity", "quality", "outcome"]

AUDIENCES = ("child", "young_person", "parent_carer", "practitioner")
TOUCHPOINTS = ("assessment", "review", "closure", "pulse", "forum", "training")
FAMILY_AUDIENCES = frozenset({"child", "young_person", "parent_carer"})
#: Audiences whose wording must stay short and plain.
PLAIN_WORDING_AUDIENCES = frozenset({"child", "young_person"})

#: Option codes of the ``share`` consent question.
SHARE_YES = "yes"
SHARE_NO = "no"


@dataclass(frozen=True)
class Text:
    """Words in several languages; English is always present."""

    by_language: dict[str, str]

    def get(self, language: str) -> str:
        """The words in ``language``, falling back to English."""
        return self.by_language.get(language) or self.by_language["en"]

    def __str__(self) -> str:
        return self.by_language["en"]


@dataclass(frozen=True)
class Option:
    """One answer a respondent can tap. ``code`` is stable and stored."""

    code: str
    label: Text
    counted: bool = True  # False for "don't know" / "rather not say": left out of n
    emoji: str | None = None

    def display(self, language: str) -> str:
        label = self.label.get(language)
        return f"{self.emoji} {label}" if self.emoji else label


@dataclass(frozen=True)
class Scale:
    name: str
    options: tuple[Option, ...]
    positive: tuple[str, ...] = ()  # default positive codes for questions on this scale

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Question:
    id: str
    kind: Kind
    text: Text
    scale: str | None = None  # the scale name when ``type`` named one
    options: tuple[Option, ...] = ()
    indicator: str | None = None
    positive: tuple[str, ...] = ()
    show_if: str | None = None  # source of the expression; see surveys.expressions
    story: bool = False
    min: int | None = None
    max: int | None = None
    skippable: bool = True
    help: Text | None = None

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    @property
    def counted_codes(self) -> frozenset[str]:
        return frozenset(o.code for o in self.options if o.counted)


@dataclass(frozen=True)
class Survey:
    id: str
    version: int
    title: Text
    audience: str
    touchpoint: str
    content_areas: tuple[str, ...]
    languages: tuple[str, ...]
    intro: Text
    thanks: Text
    questions: tuple[Question, ...]
    headline: str | None = None  # the question whose answer balances story extracts
    source: str = ""  # the file it came from, for messages

    def question(self, question_id: str) -> Question | None:
        at = self._positions.get(question_id)
        return None if at is None else self.questions[at]

    def index(self, question_id: str) -> int:
        return self._positions[question_id]

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Each question's place by id. The engine looks questions up by id a dozen
        times a tap; a survey's questions never change, so this is worked out once.
        (``cached_property`` stores it in the instance's ``__dict__``, which a frozen
        dataclass allows, and it takes no part in equality, hashing or ``repr``.)"""
        positions: dict[str, int] = {}
        for i, q in enumerate(self.questions):
            positions.setdefault(q.id, i)  # the first, as a scan would find
        return positions

    @property
    def headline_question(self) -> Question | None:
        if self.headline:
            return self.question(self.headline)
        return next((q for q in self.questions if q.indicator), None)


@dataclass(frozen=True)
class Statement:
    """One Appendix 2 "what good looks like" statement, verbatim."""

    id: str  # e.g. "core-safeguarding.10"
    content_area: str
    number: int
    text: str
    #: None when feedback from children, families or staff can evidence it;
    #: otherwise why not and where the evidence must come from.
    not_from_feedback: str | None = None


@dataclass(frozen=True)
class ContentArea:
    id: str
    name: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Audience:
    id: str
    singular: str
    plural: str


@dataclass(frozen=True)
class MeasureInfo:
    id: Measure
    question: str  # "How much did we do?" ...
    appendix_heading: str  # Appendix 1's column heading


@dataclass(frozen=True)
class Indicator:
    id: str
    measure: Measure
    evidences: tuple[str, ...]  # statement ids
    statement: str  # the words after "said they", e.g. "felt their worker listened to them"


@dataclass(frozen=True)
class Framework:
    content_areas: tuple[ContentArea, ...]
    audiences: dict[str, Audience]
    touchpoints: dict[str, str]  # id -> display name
    measures: dict[str, MeasureInfo]
    indicators: dict[str, Indicator]
    statements: dict[str, Statement] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.statements:
            for area in self.content_areas:
                for statement in area.statements:
                    self.statements[statement.id] = statement

    def content_areas_of(self, indicator_id: str) -> tuple[str, ...]:
        """The content areas an indicator's evidenced statements belong to, in framework order."""
        indicator = self.indicators.get(indicator_id)
        if indicator is None:
            return ()
        areas = {
            self.statements[s].content_area for s in indicator.evidences if s in self.statements
        }
        return tuple(a.id for a in self.content_areas if a.id in areas)


@dataclass(frozen=True)
class AnswerRecord:
    """One question's answer as it leaves the engine for storage.

    ``text`` is the respondent's raw words: storage redacts it before writing.
    ``counted`` / ``positive`` are worked out here, from the definition in force when
    the answer was given, so a report stays right after a survey is retired or an
    option removed. Both are ``None`` when the question feeds no indicator.
    """

    question_id: str
    indicator: str | None = None
    codes: tuple[str, ...] = ()  # chosen option code(s); empty when skipped or not a choice
    number: float | None = None
    text: str | None = None
    skipped: bool = False
    counted: bool | None = None
    positive: bool | None = None
    story: bool = False
    consent_to_quote: bool = False  # for a story answer: did they say yes to sharing it


@dataclass(frozen=True)
class CompletedSurvey:
    """Everything storage needs to turn a finished survey into an anonymous response."""

    survey_id: str
    survey_version: int
    audience: str
    touchpoint: str
    language: str
    answers: tuple[AnswerRecord, ...]
    flags: tuple[str, ...] = ()  # safeguarding categories matched in free text
