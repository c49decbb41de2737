"""The survey engine: a pure state machine over a :class:`~surveys.model.Survey`.

``start(survey, language) -> (state, step)`` and ``answer(survey, state, value) ->
(state, step)``. The state is a small JSON-able dict (its keys are described in
:mod:`surveys.engine_state`) that the bot stores between messages; the step says what
to show next: :class:`Ask` a question, :class:`Signpost` help lines then carry on,
:class:`Done`, or :class:`Changed` when a stored state cannot be carried on (another
version of the survey, or a state the engine never wrote) so the bot should start again.

Nothing a respondent sends makes these functions raise: a value that is not an answer
to the current question gives the same :class:`Ask` with a kind ``reprompt``. Inputs are
never mutated. When a survey is done, :func:`collect` turns the state into the
:class:`~surveys.model.CompletedSurvey` that storage keeps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from surveys.engine_state import (
    AnswerValue,
    StateError,
    SurveyState,
    may_be_shown,
    next_shown,
    option_codes,
    options_for,
    passed,
    read_state,
    story_for,
)
from surveys.engine_texts import engine_text
from surveys.engine_values import Rejected, read_code, read_codes, read_number, read_text
from surveys.model import SHARE_YES, AnswerRecord, CompletedSurvey, Question, Survey
from surveys.safeguarding import check as check_risk

__all__ = [
    "Ask",
    "Changed",
    "Command",
    "Done",
    "Signpost",
    "Step",
    "Toggle",
    "answer",
    "collect",
    "current",
    "set_language",
    "start",
]

#: Enough of a message to find a risk phrase in: twice Telegram's longest message.
#: A longer one is refused anyway, and checking megabytes of pasted text would hold
#: the bot up for everyone.
_RISK_CHECK_LENGTH: Final = 8192


class Command(Enum):
    """Answers that are not answers. Deliberately not a ``str`` enum: typing "back"
    into a free-text question is an answer, not a command."""

    BACK = "back"
    SKIP = "skip"
    STOP = "stop"
    SUBMIT = "submit"  # a multi question: send the ticked options


@dataclass(frozen=True)
class Toggle:
    """Tick or untick one option of a multi question."""

    code: str


@dataclass(frozen=True)
class Ask:
    """Ask ``question``. ``options`` are (code, label in the respondent's language)."""

    question: Question
    text: str
    options: tuple[tuple[str, str], ...]
    position: int  # shown so far, counting this one
    total: int  # position + later questions shown or not yet decidable
    can_back: bool
    can_skip: bool
    selected: tuple[str, ...] = ()  # ticked so far, on a multi question
    reprompt: str | None = None  # why the last message was not taken, kindly


@dataclass(frozen=True)
class Done:
    stopped: bool = False  # True when the respondent chose to stop


@dataclass(frozen=True)
class Signpost:
    """Free text matched a risk phrase: show help lines at once, then ``then``.

    The answer is kept and ``category`` is recorded in the state's flags, so the
    response is flagged for priority review when it is stored.
    """

    category: str
    then: Ask | Done


@dataclass(frozen=True)
class Changed:
    """The stored state cannot be carried on; ``reason`` is for logs, not respondents."""

    reason: str


Step = Ask | Signpost | Done | Changed


def start(survey: Survey, language: str) -> tuple[dict[str, Any], Ask | Done]:
    """Begin ``survey`` in ``language`` (English when the survey does not offer it)."""
    chosen = language if isinstance(language, str) and language in survey.languages else "en"
    state = SurveyState(survey_id=survey.id, version=survey.version, language=chosen)
    first = next_shown(survey, None, {})
    if first is None:
        return dataclasses.replace(state, status="done").to_dict(), Done()
    state = dataclasses.replace(state, current=first.id)
    return state.to_dict(), _ask(survey, state)


#: A stored state as the bot keeps it, or one :func:`check` has read already.
State = Mapping[str, Any] | SurveyState


def check(survey: Survey, state: Mapping[str, Any]) -> SurveyState | Changed:
    """``state`` read and checked against ``survey`` once, for a caller that hands it to
    both :func:`answer` and :func:`current` (a tap answers the question, then shows it as
    it was asked): checking walks the whole trail, so it is worth doing once."""
    try:
        return read_state(survey, state)
    except StateError as error:
        return Changed(str(error))


def _read(survey: Survey, state: State) -> SurveyState:
    """``state`` checked; :class:`StateError` as :func:`read_state` raises it."""
    if isinstance(state, SurveyState):
        if state.survey_id != survey.id or state.version != survey.version:
            raise StateError(f"the state is for {state.survey_id!r} v{state.version}")
        return state
    return read_state(survey, state)


def answer(survey: Survey, state: State, value: object) -> tuple[dict[str, Any], Step]:
    """Take ``value`` as the answer to the current question; see the module docstring."""
    try:
        current = _read(survey, state)
    except StateError as error:
        # The returned state is a fresh start, so whatever the bot saves is usable.
        return start(survey, _language_of(state))[0], Changed(str(error))
    if current.status != "asking" or current.current is None:
        return current.to_dict(), Done(stopped=current.status == "stopped")
    question = survey.question(current.current)
    assert question is not None  # read_state checked it
    if value is Command.STOP:
        stopped = dataclasses.replace(current, status="stopped", current=None, selected=())
        return stopped.to_dict(), Done(stopped=True)
    if value is Command.BACK:
        return _back(survey, current)
    risk = _risk(question, value, current.language)
    if risk is not None and risk not in current.flags:
        current = dataclasses.replace(current, flags=(*current.flags, risk))
    new_state, step = _take(survey, current, question, value)
    if risk is not None:
        assert isinstance(step, Ask | Done)  # _take never signposts or reports a change
        return new_state.to_dict(), Signpost(risk, step)
    return new_state.to_dict(), step


def current(survey: Survey, state: State) -> Ask | Done | Changed:
    """The step ``state`` is waiting on, asked afresh (for reminders and a language change)."""
    try:
        checked = _read(survey, state)
    except StateError as error:
        return Changed(str(error))
    if checked.status != "asking":
        return Done(stopped=checked.status == "stopped")
    return _ask(survey, checked)


def set_language(
    survey: Survey, state: Mapping[str, Any], language: str
) -> tuple[dict[str, Any], Ask | Done | Changed]:
    """Carry on in ``language`` (English when the survey does not offer it)."""
    try:
        checked = read_state(survey, state)
    except StateError as error:
        return start(survey, language)[0], Changed(str(error))
    chosen = language if isinstance(language, str) and language in survey.languages else "en"
    checked = dataclasses.replace(checked, language=chosen)
    return checked.to_dict(), current(survey, checked.to_dict())


def _take(
    survey: Survey, state: SurveyState, question: Question, value: object
) -> tuple[SurveyState, Ask | Done]:
    language = state.language
    if value is Command.SKIP:
        if not question.skippable:
            return state, _ask(survey, state, engine_text(language, "cannot_skip"))
        return _record(survey, state, question, None)
    if question.kind == "multi":
        return _take_multi(survey, state, question, value)
    if question.kind in ("choice", "share"):
        code = read_code(question, value, language)
        if code is None:
            return state, _ask(survey, state, engine_text(language, "tap_button"))
        return _record(survey, state, question, code)
    if value is Command.SUBMIT or isinstance(value, Toggle):
        # A stale button from an earlier multi question; the one asked now needs typing.
        value = None
    if question.kind == "number":
        read: AnswerValue | Rejected = read_number(question, value, language)
    else:
        read = read_text(question, value, language)
    if isinstance(read, Rejected):
        return state, _ask(survey, state, read.message)
    return _record(survey, state, question, read)


def _take_multi(
    survey: Survey, state: SurveyState, question: Question, value: object
) -> tuple[SurveyState, Ask | Done]:
    language = state.language
    if value is Command.SUBMIT:
        if state.selected:
            codes = tuple(code for code in option_codes(question) if code in state.selected)
            return _record(survey, state, question, codes)
        key = "tick_at_least_one_or_skip" if question.skippable else "tick_at_least_one"
        return state, _ask(survey, state, engine_text(language, key))
    several = read_codes(question, value)
    if several is not None:
        return _record(survey, state, question, several)
    code = read_code(question, value.code if isinstance(value, Toggle) else value, language)
    if code is None:
        return state, _ask(survey, state, engine_text(language, "tick_then_done"))
    ticked = set(state.selected) ^ {code}
    selected = tuple(c for c in option_codes(question) if c in ticked)
    state = dataclasses.replace(state, selected=selected)
    return state, _ask(survey, state)


def _back(survey: Survey, state: SurveyState) -> tuple[dict[str, Any], Ask]:
    if not state.trail:
        return state.to_dict(), _ask(survey, state, engine_text(state.language, "first_question"))
    previous = state.trail[-1]
    earlier = survey.question(previous)
    assert earlier is not None  # read_state checked the trail
    # Its answer is forgotten: it is asked again, and a different answer may change
    # which later questions apply. A multi question keeps its ticks to adjust.
    old = state.answers.get(previous)
    answers = {qid: value for qid, value in state.answers.items() if qid != previous}
    state = dataclasses.replace(
        state,
        trail=state.trail[:-1],
        answers=answers,
        current=previous,
        selected=old if earlier.kind == "multi" and isinstance(old, tuple) else (),
    )
    return state.to_dict(), _ask(survey, state)


def _record(
    survey: Survey, state: SurveyState, question: Question, value: AnswerValue
) -> tuple[SurveyState, Ask | Done]:
    answers = {**state.answers, question.id: value}
    following = next_shown(survey, question.id, answers)
    state = dataclasses.replace(
        state,
        trail=(*state.trail, question.id),
        answers=answers,
        current=following.id if following else None,
        selected=(),
        status="asking" if following else "done",
    )
    return (state, _ask(survey, state)) if following else (state, Done())


def _ask(survey: Survey, state: SurveyState, reprompt: str | None = None) -> Ask:
    assert state.current is not None
    question = survey.question(state.current)
    assert question is not None
    language = state.language
    later = survey.questions[survey.index(question.id) + 1 :]
    known = passed(survey, state)
    position = len(state.trail) + 1
    options: tuple[tuple[str, str], ...] = ()
    if question.kind in ("choice", "multi", "share"):
        options = tuple((o.code, o.display(language)) for o in options_for(question))
    return Ask(
        question=question,
        text=question.text.get(language),
        options=options,
        position=position,
        total=position + sum(may_be_shown(survey, q, state, known) for q in later),
        can_back=bool(state.trail),
        can_skip=question.skippable,
        selected=state.selected,
        reprompt=reprompt,
    )


def _risk(question: Question, value: object, language: str) -> str | None:
    """The safeguarding category of anything typed, wherever it was typed.

    A child may type what is happening to them in reply to a button question; help
    lines must show then too. Exact option codes (button presses) are not text.
    """
    if not isinstance(value, str) or value in option_codes(question):
        return None
    # Lone surrogates (no keyboard sends them) are replaced so the check can read the rest.
    words = value[:_RISK_CHECK_LENGTH].encode("utf-8", "replace").decode("utf-8")
    match = check_risk(words, language)
    if not match:
        return None
    category = getattr(match, "category", "risk")
    return str(getattr(category, "value", category))


def _language_of(state: object) -> str:
    if isinstance(state, SurveyState):
        return state.language
    if isinstance(state, Mapping):
        language = state.get("language")
        if isinstance(language, str):
            return language
    return "en"


def collect(survey: Survey, state: Mapping[str, Any]) -> CompletedSurvey:
    """The answers on the path taken, ready for storage.

    Raises ``ValueError`` for a state :func:`answer` would report as :class:`Changed`.
    """
    checked = read_state(survey, state)
    records = tuple(_record_of(survey, checked, qid) for qid in checked.trail)
    return CompletedSurvey(
        survey_id=survey.id,
        survey_version=survey.version,
        audience=survey.audience,
        touchpoint=survey.touchpoint,
        language=checked.language,
        answers=records,
        flags=checked.flags,
    )


def _record_of(survey: Survey, state: SurveyState, question_id: str) -> AnswerRecord:
    question = survey.question(question_id)
    assert question is not None  # read_state checked the trail
    value = state.answers[question_id]
    codes: tuple[str, ...] = ()
    if isinstance(value, tuple):
        codes = value
    elif isinstance(value, str) and question.kind in ("choice", "share"):
        codes = (value,)
    counted = positive = None
    if question.indicator:
        counted = value is not None and _counted(question, codes)
        positive = counted and any(code in question.positive for code in codes)
    number = value if isinstance(value, int | float) and question.kind == "number" else None
    consent = question.story and value is not None and _consented(survey, state, question)
    return AnswerRecord(
        question_id=question.id,
        indicator=question.indicator,
        codes=codes,
        number=float(number) if number is not None else None,
        text=value if question.kind == "text" and isinstance(value, str) else None,
        skipped=value is None,
        counted=counted,
        positive=positive,
        story=question.story,
        consent_to_quote=consent,
    )


def _counted(question: Question, codes: tuple[str, ...]) -> bool:
    """An answer counts towards n unless every option chosen is "don't know"-like."""
    if not codes:
        return True  # a number or text answer feeding an indicator
    counted = {option.code for option in options_for(question) if option.counted}
    return any(code in counted for code in codes)


def _consented(survey: Survey, state: SurveyState, story: Question) -> bool:
    """Whether the share question that follows ``story`` was answered yes."""
    for question in survey.questions[survey.index(story.id) + 1 :]:
        if question.kind == "share" and story_for(survey, question) == story:
            return state.answers.get(question.id) == SHARE_YES
    return False
