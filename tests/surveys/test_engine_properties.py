"""Property tests: nothing a respondent sends breaks the engine or strands them."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.catalog import shipped_surveys
from surveys.engine import (
    Ask,
    Changed,
    Command,
    Done,
    Signpost,
    Toggle,
    answer,
    check,
    collect,
    current,
    start,
)
from surveys.engine_state import is_shown
from surveys.model import Option, Question, Survey, Text


def _words(en: str) -> Text:
    return Text({"en": en, "ur": f"{en} (ur)"})


def _options(*codes: str, uncounted: str = "") -> tuple[Option, ...]:
    return tuple(Option(code, _words(code.title()), counted=code != uncounted) for code in codes)


def _question(qid: str, kind: str, **fields: Any) -> Question:
    return Question(id=qid, kind=kind, text=_words(f"{qid}?"), **fields)  # type: ignore[arg-type]


#: Every kind of question, with show_if chains, a must-answer question and a story.
MAZE = Survey(
    id="maze",
    version=3,
    title=_words("Maze"),
    audience="young_person",
    touchpoint="closure",
    content_areas=("early-help",),
    languages=("en", "ur"),
    intro=_words("Hi"),
    thanks=_words("Thanks"),
    questions=(
        _question(
            "first",
            "choice",
            options=_options("yes", "no", "unsure", uncounted="unsure"),
            indicator="helped",
            positive=("yes",),
        ),
        _question("count", "number", min=0, max=5, show_if="first == yes"),
        _question(
            "which", "multi", options=_options("a", "b", "c"), indicator="w", positive=("a",)
        ),
        _question("why-a", "choice", options=_options("x", "y"), show_if="which == a"),
        _question("story", "text", story=True),
        _question("share", "share"),
        _question(
            "must",
            "choice",
            options=_options("ok", "fine"),
            skippable=False,
            show_if="first != yes",
        ),
        _question("last", "text", skippable=False),
    ),
)

SURVEYS = [MAZE, *shipped_surveys().values()]

_CODES = sorted({o.code for s in SURVEYS for q in s.questions for o in q.options} | {"yes", "no"})

#: What a chat could deliver, and worse.
VALUES = st.one_of(
    st.sampled_from(_CODES),
    st.sampled_from(list(Command)),
    st.builds(Toggle, st.one_of(st.sampled_from(_CODES), st.text(max_size=5), st.none())),
    st.text(max_size=30),
    st.text(min_size=1990, max_size=2010, alphabet="ab "),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.binary(max_size=5),
    st.lists(st.one_of(st.sampled_from(_CODES), st.integers(), st.none()), max_size=4),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["3", " 4 ", "2.5", "-1", "1e400", "nan", "٣", "kill myself", "😀"]),
)


def _valid(step: Ask) -> object:
    """A value the current question accepts (or Skip)."""
    question = step.question
    if question.kind == "multi":
        return [step.options[0][0]]
    if step.options:
        return step.options[-1][0]
    if question.kind == "number":
        return str(question.min if question.min is not None else 1)
    return "It was fine"


def _check_step(step: object, survey: Survey) -> None:
    if isinstance(step, Signpost):
        assert step.category
        step = step.then
    assert isinstance(step, Ask | Done | Changed)
    if isinstance(step, Ask):
        assert 1 <= step.position <= step.total <= len(survey.questions)
        assert step.question in survey.questions


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    survey=st.sampled_from(SURVEYS),
    language=st.sampled_from(["en", "ur", "pl", "zz"]),
    values=st.lists(VALUES, max_size=25),
)
def test_any_inputs_never_raise_and_a_respondent_can_always_finish(
    survey: Survey, language: str, values: list[object]
) -> None:
    state, step = start(survey, language)
    for value in values:
        given_state, before = state, json.dumps(state, sort_keys=True)
        state, step = answer(survey, state, value)
        # Pure JSON that round-trips, and the state passed in is untouched.
        assert json.loads(json.dumps(state)) == state
        assert json.dumps(given_state, sort_keys=True) == before
        assert isinstance(step, Ask | Done | Signpost)  # never Changed from its own state
        _check_step(step, survey)
    limit = 3 * len(survey.questions) + 3
    for _ in range(limit):
        shown = step.then if isinstance(step, Signpost) else step
        if isinstance(shown, Done):
            break
        assert isinstance(shown, Ask)
        value = Command.SKIP if shown.can_skip and len(state["trail"]) % 2 else _valid(shown)
        state, step = answer(survey, state, value)
        _check_step(step, survey)
    else:
        raise AssertionError(f"not done after {limit} valid answers: {state}")
    completed = collect(survey, state)
    order = [q.id for q in survey.questions]
    ids = [record.question_id for record in completed.answers]
    assert ids == sorted(ids, key=order.index)
    assert len(set(completed.flags)) == len(completed.flags)


@settings(max_examples=200, deadline=None)
@given(
    garbage=st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=8), children, max_size=3)
        ),
        max_leaves=10,
    ),
    value=VALUES,
)
def test_any_stored_state_never_raises(garbage: object, value: object) -> None:
    new_state, step = answer(MAZE, garbage, value)  # type: ignore[arg-type]
    assert isinstance(step, Changed)
    json.dumps(new_state)


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(
        ["language", "status", "trail", "answers", "current", "selected", "flags", "version"]
    ),
    replacement=st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=6),
        st.lists(st.text(max_size=6), max_size=3),
        st.dictionaries(st.sampled_from([q.id for q in MAZE.questions]), st.text(max_size=3)),
    ),
    values=st.lists(st.sampled_from(["yes", "no", "a", Command.SUBMIT, "3", "words"]), max_size=6),
)
def test_a_state_with_one_part_altered_never_raises(
    key: str, replacement: object, values: list[object]
) -> None:
    state, _ = start(MAZE, "en")
    for value in values:
        state, _ = answer(MAZE, state, value)
    state, step = answer(MAZE, {**state, key: replacement}, "yes")
    json.dumps(state)
    _check_step(step, MAZE)


@settings(max_examples=300, deadline=None)
@given(survey=st.sampled_from(SURVEYS), data=st.data())
def test_random_valid_answers_collect_exactly_the_path_shown(
    survey: Survey, data: st.DataObject
) -> None:
    """Every show_if path: what is collected is what was asked, each shown by its rule."""
    state, step = start(survey, "en")
    asked: list[str] = []
    while not isinstance(step, Done):
        shown = step.then if isinstance(step, Signpost) else step
        if isinstance(shown, Done):
            break
        assert isinstance(shown, Ask)
        asked.append(shown.question.id)
        codes = [code for code, _ in shown.options]
        choices: list[object] = [Command.SKIP] if shown.can_skip else []
        if shown.question.kind == "multi":
            choices.append(data.draw(st.lists(st.sampled_from(codes), min_size=1, unique=True)))
        elif codes:
            choices.extend(codes)
        else:
            choices.extend(["2", "Some words"] if shown.question.kind == "text" else ["2"])
        value = data.draw(st.sampled_from(choices))
        if value == "2" and shown.question.kind == "number" and shown.question.min is not None:
            value = str(shown.question.min)
        state, step = answer(survey, state, value)
        assert len(asked) <= len(survey.questions)
    records = collect(survey, state).answers
    assert [r.question_id for r in records] == asked
    given_so_far: dict[str, object] = {}
    for record in records:
        question = survey.question(record.question_id)
        assert question is not None
        assert is_shown(survey, question, given_so_far)
        given_so_far[record.question_id] = None if record.skipped else state["answers"][question.id]
    # A question left out was hidden by its rule, given everything answered.
    answered = {qid: value for qid, value in given_so_far.items() if value is not None}
    for question in survey.questions:
        if question.id not in asked:
            assert not is_shown(survey, question, answered), question.id


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    survey=st.sampled_from(SURVEYS),
    values=st.lists(VALUES, max_size=15),
    last=VALUES,
)
def test_a_state_checked_once_answers_exactly_as_the_stored_one(
    survey: Survey, values: list[object], last: object
) -> None:
    """The bot checks a tap's state once and hands it to answer() and current() both."""
    state, _ = start(survey, "ur")
    for value in values:
        state, _ = answer(survey, state, value)
    checked = check(survey, state)
    assert not isinstance(checked, Changed)
    assert answer(survey, checked, last) == answer(survey, state, last)
    assert current(survey, checked) == current(survey, state)


def test_a_checked_state_of_another_survey_or_version_is_a_change() -> None:
    state, _ = start(MAZE, "en")
    checked = check(MAZE, state)
    assert not isinstance(checked, Changed)
    newer = dataclasses.replace(MAZE, version=MAZE.version + 1)
    other = dataclasses.replace(MAZE, id="another")
    for survey in (newer, other):
        assert isinstance(check(survey, state), Changed)
        assert isinstance(current(survey, checked), Changed)
        fresh, step = answer(survey, checked, "yes")
        assert isinstance(step, Changed)
        assert fresh == start(survey, "en")[0]


@given(st.text(max_size=300))
def test_meaningful_text_never_raises_and_keeps_nothing_invisible_to_strip(typed: str) -> None:
    from surveys.engine_values import meaningful_text

    kept = meaningful_text(typed)
    assert meaningful_text(kept) == kept
    assert "\r" not in kept and "\u202e" not in kept and "\x00" not in kept
