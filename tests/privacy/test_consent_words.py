"""The share question says plainly what "share" means, in every language it is asked in."""

from __future__ import annotations

from typing import Any

from bot import render
from bot.texts import text
from surveys import engine
from surveys.catalog import shipped_surveys
from surveys.engine import Ask, Command, Signpost, Toggle
from surveys.model import Survey


def _to_share(survey: Survey, language: str) -> Ask | None:
    """Answer the survey (first option, a few words) up to its share question."""
    state, step = engine.start(survey, language)
    for _ in range(60):
        if isinstance(step, Signpost):
            step = step.then
        if not isinstance(step, Ask):
            return None
        kind = step.question.kind
        if kind == "share":
            return step
        value: Any
        if kind == "text":
            value = "Some words about the help we had"
        elif kind == "number":
            value = "3"
        elif kind == "multi":
            state, step = engine.answer(survey, state, Toggle(step.options[0][0]))
            value = Command.SUBMIT
        else:
            value = step.options[0][0]
        state, step = engine.answer(survey, state, value)
    return None


def test_every_share_question_says_what_yes_and_no_do() -> None:
    asked = []
    for survey in shipped_surveys().values():
        if not any(q.kind == "share" for q in survey.questions):
            continue
        for language in survey.languages:
            step = _to_share(survey, language)
            assert step is not None, (survey.id, language)
            shown = render.question(step, language, 0, nonce="Ab3_-z").text
            assert text(language, "share_hint") in shown, (survey.id, language)
            asked.append((survey.id, language))
    assert len({survey for survey, _ in asked}) == 10
    hint = text("en", "share_hint")
    assert "reports" in hint and "safety" in hint
