"""Pydantic models of the YAML files exactly as written (see surveys/FORMAT.md).

These check shape only: keys, types, ids, versions, texts. Whether a reference
exists, an option is real or a translation complete is the loader's job, which
turns a valid raw model into the runtime dataclasses of :mod:`surveys.model`.

Lists of questions and options are kept as ``list[Any]`` here and validated one
item at a time by the loader, so one broken question does not hide the problems
of the others.

A custom type fails with a :class:`PydanticCustomError` whose type is a
:class:`surveys.errors.Code` name, so its message comes from the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def describe(value: object) -> str:
    """What a YAML value is, in words: used in 'should be X, but is Y'."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the words '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return "a value of an unknown kind"


def _custom(code: str, **details: object) -> PydanticCustomError:
    # the message here is a fallback; the catalogue template for `code` is what is shown
    return PydanticCustomError(code, code, details)


def _identifier(kind: str, example: str) -> Any:
    def check(value: object) -> object:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # option codes 0..10 of a rating scale may be written bare
        if isinstance(value, str) and not _ID.match(value):
            raise _custom("BAD_ID", value=value, kind=kind, example=example)
        return value

    return BeforeValidator(check)


def _words(value: object) -> object:
    """A plain string means English; a mapping must hold English and no empty text."""
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _custom("BAD_TEXT", got=describe(value))
    for language, text in value.items():
        if not text.strip():
            raise _custom("EMPTY_TEXT", where=f" for '{language}'")
    if "en" not in value:
        raise _custom("TEXT_WITHOUT_ENGLISH")
    return value


def _version(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _custom("BAD_VERSION", got=describe(value))
    return value


def _language(value: object) -> object:
    if isinstance(value, str) and not _LANGUAGE.match(value):
        raise _custom("BAD_LANGUAGE", value=value)
    return value


Words = Annotated[dict[str, str], BeforeValidator(_words)]
SurveyId = Annotated[str, _identifier("survey id", "parent-carer-review")]
QuestionId = Annotated[str, _identifier("question id", "worker-changed")]
IndicatorId = Annotated[str, _identifier("indicator id", "felt-listened-to")]
AreaId = Annotated[str, _identifier("content area id", "core-safeguarding")]
OptionCode = Annotated[str, _identifier("option code", "strongly_agree")]
Language = Annotated[str, BeforeValidator(_language)]
Version = Annotated[int, BeforeValidator(_version)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Raw(BaseModel):
    # strict: `version: "2"` or `story: "yes"` is a mistake, not something to coerce
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- framework.yaml -------------------------------------------------------------------


class RawStatement(Raw):
    id: NonEmpty
    text: NonEmpty
    not_from_feedback: NonEmpty | None = None


class RawContentArea(Raw):
    id: AreaId
    name: NonEmpty
    statements: Annotated[list[RawStatement], Field(min_length=1)]


class RawAudience(Raw):
    singular: NonEmpty
    plural: NonEmpty


class RawTouchpoint(Raw):
    name: NonEmpty


class RawMeasure(Raw):
    question: NonEmpty
    heading: NonEmpty


class RawIndicator(Raw):
    id: IndicatorId
    measure: Literal["quantity", "quality", "outcome"]
    evidences: Annotated[list[NonEmpty], Field(min_length=1)]
    statement: NonEmpty


class RawFramework(Raw):
    content_areas: Annotated[list[RawContentArea], Field(min_length=1)]
    audiences: dict[str, RawAudience]
    touchpoints: dict[str, RawTouchpoint]
    measures: dict[str, RawMeasure]
    indicators: list[RawIndicator]


# --- scales.yaml (a mapping of scale name -> RawScale) ---------------------------------


class RawOption(Raw):
    code: OptionCode
    label: Words
    counted: bool = True
    emoji: NonEmpty | None = None


class RawScale(Raw):
    options: Annotated[list[RawOption], Field(min_length=2)]
    positive: list[OptionCode] | None = None


# --- definitions/<survey-id>.yaml ------------------------------------------------------


class RawQuestion(Raw):
    id: QuestionId
    type: NonEmpty
    text: Words
    options: list[Any] | None = None  # each a RawOption, checked one by one
    indicator: NonEmpty | None = None
    positive: list[OptionCode] | None = None
    show_if: NonEmpty | None = None
    story: bool = False
    min: int | None = None
    max: int | None = None
    skippable: bool = True
    help: Words | None = None


class RawSurvey(Raw):
    id: SurveyId
    version: Version
    title: Words
    audience: NonEmpty
    touchpoint: NonEmpty
    content_areas: Annotated[list[NonEmpty], Field(min_length=1)]
    languages: Annotated[list[Language], Field(min_length=1)]
    translation_status: dict[str, NonEmpty] | None = None
    headline: NonEmpty | None = None
    intro: Words
    thanks: Words
    questions: Annotated[list[Any], Field(min_length=1)]  # each a RawQuestion
