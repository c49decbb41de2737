"""The engine over every shipped survey: each can be taken start to finish, every way."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from surveys.catalog import shipped_surveys
from surveys.engine import Ask, Changed, Command, Done, Signpost, Step, answer, collect, start
from surveys.engine_texts import TEXTS
from surveys.model import Survey

SURVEYS = list(shipped_surveys().values())
IDS = [survey.id for survey in SURVEYS]
RISK_PHRASE = "he hits me and I want to kill myself"


def test_there_are_shipped_surveys() -> None:
    assert SURVEYS


def _positive(step: Ask) -> object:
    """The most hopeful answer: positive options, a story written and shared."""
    question = step.question
    codes = [code for code, _ in step.options]
    preferred = [code for code in codes if code in question.positive] or codes
    if question.kind == "multi":
        return preferred[:1]
    if question.kind == "share":
        return "yes"
    if codes:
        return preferred[0]
    if question.kind == "number":
        return str(question.min if question.min is not None else 1)
    return "My worker really helped us."


def _drive(survey: Survey, choose: Any, language: str = "en") -> tuple[dict[str, Any], Step]:
    state, step = start(survey, language)
    for _ in range(3 * len(survey.questions)):
        shown = step.then if isinstance(step, Signpost) else step
        if not isinstance(shown, Ask):
            return state, shown
        state, step = answer(survey, state, choose(shown))
        json.dumps(state)
    raise AssertionError(f"{survey.id} did not finish")


@pytest.mark.parametrize("survey", SURVEYS, ids=IDS)
def test_positive_answers_reach_done_and_count_as_positive(survey: Survey) -> None:
    state, step = _drive(survey, _positive)
    assert step == Done()
    completed = collect(survey, state)
    assert completed.survey_id == survey.id and completed.survey_version == survey.version
    assert completed.answers, "a finished survey collects answers"
    for record in completed.answers:
        question = survey.question(record.question_id)
        assert question is not None
        assert record.indicator == question.indicator
        if question.indicator and question.positive and record.codes:
            assert record.positive is True, record
    stories = [r for r in completed.answers if r.story]
    shares = [q for q in survey.questions if q.kind == "share"]
    if shares:
        assert any(r.consent_to_quote for r in stories)


@pytest.mark.parametrize("survey", SURVEYS, ids=IDS)
def test_skipping_everything_that_can_be_skipped_reaches_done(survey: Survey) -> None:
    state, step = _drive(survey, lambda ask: Command.SKIP if ask.can_skip else _positive(ask))
    assert step == Done()
    records = collect(survey, state).answers
    assert all(r.skipped or not survey.question(r.question_id).skippable for r in records)  # type: ignore[union-attr]
    assert all(r.counted in (None, False) for r in records if r.skipped)


@pytest.mark.parametrize("survey", SURVEYS, ids=IDS)
def test_the_last_options_reach_done_too(survey: Survey) -> None:
    """The other end of every scale takes other show_if paths."""

    def last(ask: Ask) -> object:
        if ask.question.kind == "multi":
            return [code for code, _ in ask.options]
        return ask.options[-1][0] if ask.options else _positive(ask)

    state, step = _drive(survey, last)
    assert step == Done()
    collect(survey, state)


@pytest.mark.parametrize("survey", SURVEYS, ids=IDS)
@pytest.mark.parametrize("language", ["en", "pa", "ur", "pl"])
def test_every_language_shows_its_own_words(survey: Survey, language: str) -> None:
    state, step = start(survey, language)
    assert isinstance(step, Ask)
    expected = language if language in survey.languages else "en"
    assert state["language"] == expected
    assert step.text == step.question.text.get(expected)
    assert language in TEXTS


@pytest.mark.parametrize("survey", SURVEYS, ids=IDS)
def test_stop_back_and_a_new_version(survey: Survey) -> None:
    state, step = start(survey, "en")
    assert isinstance(step, Ask)
    _, done = answer(survey, state, Command.STOP)
    assert done == Done(stopped=True)
    second_state, second = answer(survey, state, _positive(step))
    if isinstance(second, Ask):
        _, back = answer(survey, second_state, Command.BACK)
        assert isinstance(back, Ask) and back.question == step.question
    newer = dataclasses.replace(survey, version=survey.version + 1)
    _, changed = answer(newer, second_state, Command.SKIP)
    assert isinstance(changed, Changed)


@pytest.mark.parametrize("survey", SURVEYS, ids=IDS)
def test_a_risk_phrase_in_free_text_signposts_and_flags(survey: Survey) -> None:
    def risky(ask: Ask) -> object:
        return RISK_PHRASE if ask.question.kind == "text" else _positive(ask)

    state, step = start(survey, "en")
    flagged = asked_text = False
    for _ in range(3 * len(survey.questions)):
        if isinstance(step, Signpost):
            flagged = True
            step = step.then
        if not isinstance(step, Ask):
            break
        asked_text = asked_text or step.question.kind == "text"
        state, step = answer(survey, state, risky(step))
    assert step == Done()
    assert flagged == asked_text
    assert bool(collect(survey, state).flags) == asked_text
