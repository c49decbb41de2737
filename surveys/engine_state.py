"""The engine's state: what it looks like stored, how it is read back, and the path rules.

A state is a small JSON-able dict, stored between messages::

    {
      "survey": "parent-carer-review",  # survey id ...
      "version": 1,                       # ... and version it was started on
      "language": "en",                   # the respondent's language
      "status": "asking",                 # asking | done | stopped
      "trail": ["listened", "helped"],    # questions shown and answered, in order
      "answers": {"listened": "agree",    # one per trail entry: an option code,
                  "helped": null},        # a list of codes (multi), a number, text,
                                          # or null when skipped
      "current": "worker-changed",        # the question being asked (null when finished)
      "selected": [],                     # ticks so far on a multi question
      "flags": ["self_harm"]              # safeguarding categories seen in free text
    }

Reading a state back (:func:`read_state`) checks every part of it against the survey,
including that the trail is exactly the path ``show_if`` gives for those answers. So a
state that was tampered with, truncated, or started on another version of the survey is
refused as a whole — the engine then asks the bot to start again — and code past this
point may trust it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from surveys.engine_texts import MAX_TEXT_LENGTH, TEXTS
from surveys.expressions import Expression, ExpressionError, parse
from surveys.model import SHARE_NO, SHARE_YES, Option, Question, Survey, Text

Status = Literal["asking", "done", "stopped"]
#: One stored answer: an option code, several codes, a number, text, or None (skipped).
AnswerValue = str | tuple[str, ...] | int | float | None

STATE_KEYS: Final = frozenset(
    {"survey", "version", "language", "status", "trail", "answers", "current", "selected", "flags"}
)
_STATUSES: Final = ("asking", "done", "stopped")
_MAX_FLAG_LENGTH: Final = 64
#: Storage redacts free text in a stored state ("Jo" becomes "[name]"), which can
#: lengthen it past the limit a fresh answer has; refusing it would lose the survey.
_STORED_TEXT_LENGTH: Final = 4 * MAX_TEXT_LENGTH


@dataclass(frozen=True)
class SurveyState:
    """A state that :func:`read_state` has checked against its survey."""

    survey_id: str
    version: int
    language: str
    status: Status = "asking"
    trail: tuple[str, ...] = ()
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)
    current: str | None = None
    selected: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The stored form: only JSON types (lists, not tuples)."""
        return {
            "survey": self.survey_id,
            "version": self.version,
            "language": self.language,
            "status": self.status,
            "trail": list(self.trail),
            "answers": {
                qid: list(value) if isinstance(value, tuple) else value
                for qid, value in self.answers.items()
            },
            "current": self.current,
            "selected": list(self.selected),
            "flags": list(self.flags),
        }


# --- options and show_if -------------------------------------------------------------


def _share_options() -> tuple[Option, ...]:
    def text(key: str) -> Text:
        return Text({language: texts[key] for language, texts in TEXTS.items()})

    return (Option(SHARE_YES, text("share_yes")), Option(SHARE_NO, text("share_no")))


_SHARE_OPTIONS: Final = _share_options()


def options_for(question: Question) -> tuple[Option, ...]:
    """The options a respondent can tap; a share question without its own gets yes / no."""
    if question.options or question.kind != "share":
        return question.options
    return _SHARE_OPTIONS


def option_codes(question: Question) -> tuple[str, ...]:
    return tuple(option.code for option in options_for(question))


def _expression(source: str) -> Expression | None:
    """The parsed ``show_if``; None if it does not parse (the validator stops that first)."""
    try:
        return parse(source)
    except ExpressionError:
        return None


def _show_if_holds(question: Question, answers: Mapping[str, AnswerValue]) -> bool:
    if not question.show_if:
        return True
    expression = _expression(question.show_if)
    if expression is None:
        return True
    given = {qid: value for qid, value in answers.items() if value is not None}
    try:
        return bool(expression.evaluate(given))
    except Exception:
        # Only a survey that skipped validation gets here; asking the question
        # anyway loses nothing, while refusing to go on would strand the respondent.
        return True


def story_for(survey: Survey, share: Question) -> Question | None:
    """The story question a share question asks consent for: the nearest story before it."""
    index = survey.index(share.id)
    return next((q for q in reversed(survey.questions[:index]) if q.story), None)


def is_shown(survey: Survey, question: Question, answers: Mapping[str, AnswerValue]) -> bool:
    """Whether ``question`` is asked, given the answers on the path before it.

    Besides ``show_if``, a share question is only asked when its story was written:
    asking "can we share what you wrote?" after nothing was written would puzzle people.
    """
    if question.kind == "share":
        story = story_for(survey, question)
        if story is not None and not isinstance(answers.get(story.id), str):
            return False
    return _show_if_holds(question, answers)


def may_be_shown(
    survey: Survey, question: Question, state: SurveyState, known: frozenset[str] | None = None
) -> bool:
    """For progress: shown given what is known, or not yet decidable (counted as shown).

    ``known`` is :func:`passed` of ``state``, when the caller has it already."""
    if known is None:
        known = passed(survey, state)
    if question.kind == "share":
        story = story_for(survey, question)
        if story is not None and story.id not in known:
            return True
    if question.show_if:
        expression = _expression(question.show_if)
        names = _names(expression)
        if any(name not in known for name in names if survey.question(name) is not None):
            return True
    return is_shown(survey, question, state.answers)


def _names(expression: Expression | None) -> frozenset[str]:
    if expression is None:
        return frozenset()
    try:
        return frozenset(expression.names())
    except Exception:
        return frozenset()


def passed(survey: Survey, state: SurveyState) -> frozenset[str]:
    """Questions already decided: everything before the current question."""
    if state.current is None:
        return frozenset(q.id for q in survey.questions)
    index = survey.index(state.current)
    return frozenset(q.id for q in survey.questions[:index])


def next_shown(
    survey: Survey, after: str | None, answers: Mapping[str, AnswerValue]
) -> Question | None:
    """The first question after ``after`` (None: from the start) that is shown."""
    start = 0 if after is None else survey.index(after) + 1
    return next((q for q in survey.questions[start:] if is_shown(survey, q, answers)), None)


# --- reading a stored state --------------------------------------------------------


class StateError(ValueError):
    """A stored state this survey cannot carry on from; the message says why (for logs)."""


def read_state(survey: Survey, raw: object) -> SurveyState:
    """Check ``raw`` against ``survey`` and return it as a :class:`SurveyState`.

    Raises :class:`StateError` (never anything else) for another survey or version, or
    for any state the engine could not have produced.
    """
    if not isinstance(raw, Mapping):
        raise StateError("the state is not a mapping")
    missing = STATE_KEYS - set(raw)
    if missing:
        raise StateError(f"the state lacks {', '.join(sorted(missing))}")
    if not isinstance(raw["survey"], str) or raw["survey"] != survey.id:
        raise StateError(f"the state is for survey {raw['survey']!r}, not {survey.id!r}")
    version = raw["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version != survey.version:
        raise StateError(f"the state is for version {version!r}, not {survey.version}")
    language = raw["language"]
    if not isinstance(language, str) or language not in (*survey.languages, "en"):
        raise StateError("the state's language is not one of the survey's")
    status = raw["status"]
    if not isinstance(status, str) or status not in _STATUSES:
        raise StateError("the state's status is unknown")
    trail = _read_str_list(raw["trail"], "trail")
    selected = _read_str_list(raw["selected"], "selected")
    flags = _read_str_list(raw["flags"], "flags")
    if any(len(flag) > _MAX_FLAG_LENGTH for flag in flags):
        raise StateError("a flag is too long to be a safeguarding category")
    answers = _read_answers(survey, raw["answers"], trail)
    current = raw["current"]
    if current is not None and (not isinstance(current, str) or survey.question(current) is None):
        raise StateError("the current question is not in this survey")
    state = SurveyState(
        survey_id=survey.id,
        version=version,
        language=language,
        status=status,  # type: ignore[arg-type]  # checked against _STATUSES above
        trail=tuple(trail),
        answers=answers,
        current=current,
        selected=tuple(selected),
        flags=tuple(flags),
    )
    _check_path(survey, state)
    return state


def _read_str_list(value: object, name: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise StateError(f"the state's {name} is not a list of strings")
    if len(set(value)) != len(value):
        raise StateError(f"the state's {name} repeats itself")
    return list(value)


def _read_answers(survey: Survey, raw: object, trail: list[str]) -> dict[str, AnswerValue]:
    if not isinstance(raw, Mapping) or set(raw) != set(trail):
        raise StateError("the state's answers do not match its trail")
    answers: dict[str, AnswerValue] = {}
    for qid in trail:
        question = survey.question(qid)
        if question is None:
            raise StateError(f"the trail names {qid!r}, which is not in this survey")
        answers[qid] = _read_answer(question, raw[qid])
    return answers


def _read_answer(question: Question, value: object) -> AnswerValue:
    """One stored answer, checked as strictly as the engine checks a fresh one."""
    if value is None:
        if not question.skippable:
            raise StateError(f"{question.id!r} cannot be skipped")
        return None
    codes = option_codes(question)
    if question.kind in ("choice", "share") and isinstance(value, str) and value in codes:
        return value
    if (
        question.kind == "multi"
        and isinstance(value, list | tuple)
        and value
        and all(c in codes for c in value)
        and len(set(value)) == len(value)
    ):
        return tuple(value)
    if question.kind == "number" and number_in_range(question, value):
        return value  # type: ignore[return-value]  # number_in_range checked the type
    if (
        question.kind == "text"
        and isinstance(value, str)
        and value.strip()
        and len(value) <= _STORED_TEXT_LENGTH
        and "\x00" not in value
    ):
        return value
    raise StateError(f"the answer to {question.id!r} is not one the engine could have taken")


def number_in_range(question: Question, value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    if question.min is not None and value < question.min:
        return False
    return not (question.max is not None and value > question.max)


def _check_path(survey: Survey, state: SurveyState) -> None:
    """The trail must be exactly the shown questions before ``current``, in order."""
    so_far: dict[str, AnswerValue] = {}
    trail = list(state.trail)
    for question in survey.questions:
        if question.id == state.current:
            break
        if not trail:
            if state.status == "done" and is_shown(survey, question, so_far):
                raise StateError(f"the survey is marked done but {question.id!r} was not asked")
            if state.status != "done":
                break
            continue
        shown = is_shown(survey, question, so_far)
        if shown != (trail[0] == question.id):
            raise StateError(f"the trail does not follow the survey's path at {question.id!r}")
        if shown:
            so_far[question.id] = state.answers[trail.pop(0)]
    if trail:
        raise StateError("the trail names questions after the current one")
    if state.status == "asking":
        _check_current(survey, state, so_far)
    elif state.current is not None or state.selected:
        raise StateError("a finished state still names a question")


def _check_current(survey: Survey, state: SurveyState, so_far: Mapping[str, AnswerValue]) -> None:
    if state.current is None:
        raise StateError("the state is asking but names no question")
    expected = next_shown(survey, state.trail[-1] if state.trail else None, so_far)
    if expected is None or expected.id != state.current:
        raise StateError(f"{state.current!r} is not the next question on this path")
    question = survey.question(state.current)
    assert question is not None  # read_state checked it is in the survey
    if state.selected and (
        question.kind != "multi" or any(c not in option_codes(question) for c in state.selected)
    ):
        raise StateError("the ticked options are not options of the current question")
